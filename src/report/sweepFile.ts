// The sweep result file (`check --json FILE`), which `merge` reads and writes in the same shape:
// {"runs": [{scenario, seed, traceHash, ok, failed, replay, ...}], "summary": {...}}.
import type { SweepRun } from '../run/sweepJob.js';
import { InputError } from '../scenario/errors.js';
import { readJsonFile } from './readJson.js';

export interface SweepSummary {
  readonly runs: number;
  readonly passed: number;
  readonly failed: number;
  readonly aborted: number;
  /** Runs whose worker thread died; each is failed too. */
  readonly crashed: number;
  /** Runs per scenario, and how many failed. */
  readonly scenarios: Record<string, { runs: number; failed: number }>;
  /** Failed runs per invariant. */
  readonly invariants: Record<string, number>;
  readonly events: number;
  readonly rechecked: number;
  readonly recheckMismatches: number;
  readonly wallTimeMs: number;
  readonly seedsPerSec: number;
}

export interface SweepFile {
  readonly runs: readonly SweepRun[];
  readonly summary: SweepSummary;
}

export function summarize(runs: readonly SweepRun[], extra: { rechecked: number; recheckMismatches: number; wallTimeMs: number }): SweepSummary {
  const scenarios: Record<string, { runs: number; failed: number }> = {};
  const invariants: Record<string, number> = {};
  let events = 0;
  for (const run of runs) {
    const entry = (scenarios[run.scenario] ??= { runs: 0, failed: 0 });
    entry.runs++;
    if (!run.ok) entry.failed++;
    for (const name of run.failed) invariants[name] = (invariants[name] ?? 0) + 1;
    events += run.events;
  }
  return {
    runs: runs.length,
    passed: runs.filter((run) => run.ok).length,
    failed: runs.filter((run) => !run.ok).length,
    aborted: runs.filter((run) => run.outcome === 'aborted').length,
    crashed: runs.filter((run) => run.outcome === 'crashed').length,
    scenarios,
    invariants,
    events,
    rechecked: extra.rechecked,
    recheckMismatches: extra.recheckMismatches,
    wallTimeMs: Math.round(extra.wallTimeMs),
    seedsPerSec: extra.wallTimeMs > 0 ? Math.round((runs.length / extra.wallTimeMs) * 1000 * 10) / 10 : 0,
  };
}

/** Every run passed and the determinism self-check found no mismatch. */
export function sweepPassed(summary: SweepSummary): boolean {
  return summary.failed === 0 && summary.recheckMismatches === 0;
}

export function readSweepFile(file: string): SweepFile {
  const data = readJsonFile(file) as Partial<SweepFile>;
  if (!Array.isArray(data.runs) || typeof data.summary !== 'object' || data.summary === null) {
    throw new InputError('BAD_REPORT', `${file}: not a sweep result (it needs "runs" and "summary")`);
  }
  return data as SweepFile;
}

/** Runs of several files as one: sorted by scenario then seed, each (scenario, seed) once. */
export function mergeRuns(files: readonly SweepFile[]): SweepRun[] {
  const byKey = new Map<string, SweepRun>();
  for (const file of files) for (const run of file.runs) byKey.set(`${run.scenario}\u0000${run.seed}`, run);
  return [...byKey.values()].sort((a, b) => a.scenario.localeCompare(b.scenario) || compareSeeds(a.seed, b.seed));
}

function compareSeeds(a: string, b: string): number {
  const [x, y] = [Number(a), Number(b)];
  return Number.isFinite(x) && Number.isFinite(y) ? x - y : a.localeCompare(b);
}
