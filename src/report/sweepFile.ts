// The sweep result file (`check --json FILE`), which `merge` reads and writes in the same shape:
// {"sweep": {...}, "pending": [[from, to]], "runs": [{scenario, seed, traceHash, ok, failed, replay, ...}], "summary": {...}}.
import { DEVICE_CLASSES, type DeviceClass } from '../oracle/latency.js';
import { largest } from '../oracle/largest.js';
import { breaksBound, poolLatency, type PooledLatency } from '../oracle/pooledLatency.js';
import type { SweepResults } from '../run/pool.js';
import type { SweepOutcome } from '../run/sweep.js';
import type { SweepIdentity } from '../run/sweepIdentity.js';
import type { SweepRun } from '../run/sweepJob.js';
import { z } from 'zod';
import { InputError } from '../scenario/errors.js';
import { writeChunked } from './chunkedWrite.js';
import { summarizeCoverage, type CoverageSummary } from './coverageSummary.js';
import { formatCount, formatMs } from './format.js';
import { pooledCostByScenario, type PooledCost } from './pooledCost.js';
import { readJsonFile } from './readJson.js';
import { sweepIdentityShape, sweepRunShape, tally } from './sweepShapes.js';

/** A scenario's deliveries of one class, pooled over the sweep, beside the bound. */
export interface PooledClass extends PooledLatency {
  readonly boundMs: number;
  /** healthy: whether the pooled p99 keeps the SLO (see pooledLatency.ts); other classes are not judged here. */
  readonly ok: boolean | null;
}

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
  /** Stopped by SIGINT or SIGTERM before every job ran (or before the self-check finished). */
  readonly interrupted: boolean;
  /** Jobs the interrupted sweep did not run; `--resume` runs them. */
  readonly notRun: number;
  /** This sweep's own wall time (a resumed sweep's excludes the time before the interrupt). */
  readonly wallTimeMs: number;
  readonly seedsPerSec: number;
  /** Per scenario and class: the deliveries of every run pooled. */
  readonly latency: Record<string, Record<DeviceClass, PooledClass>>;
  /** Pooled verdicts that failed: one line each (scenario, class, figures). */
  readonly latencyFailures: readonly string[];
  /** Per scenario: the runs' cost figures pooled (see pooledCost.ts). */
  readonly cost: Record<string, PooledCost>;
  /** How many runs reached each coverage point, of the runs it could apply to. */
  readonly coverage: CoverageSummary;
}

/** Job indices from..to, both included. */
export type JobRange = readonly [from: number, to: number];

export interface SweepFile {
  /** Which sweep this is, for `--resume`. `check` writes it; `merge` does not (its output is not resumable). */
  readonly sweep?: SweepIdentity;
  /** The jobs an interrupted sweep did not run, as index ranges into its job list. */
  readonly pending?: readonly JobRange[];
  readonly runs: readonly SweepRun[];
  readonly summary: SweepSummary;
}

export interface SummaryExtra {
  readonly rechecked: number;
  readonly recheckMismatches: number;
  readonly wallTimeMs: number;
  /** The runs the wall time covers, for the speed; all of them unless the sweep was resumed. */
  readonly timedRuns?: number;
  readonly interrupted?: boolean;
  readonly notRun?: number;
}

export function summarize(runs: readonly SweepRun[], extra: SummaryExtra): SweepSummary {
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
  const timedRuns = extra.timedRuns ?? runs.length;
  const latency = pooledByScenario(runs);
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
    interrupted: extra.interrupted ?? false,
    notRun: extra.notRun ?? 0,
    wallTimeMs: Math.round(extra.wallTimeMs),
    seedsPerSec: extra.wallTimeMs > 0 ? Math.round((timedRuns / extra.wallTimeMs) * 1000 * 10) / 10 : 0,
    latency,
    latencyFailures: Object.entries(latency).flatMap(([scenario, classes]) =>
      DEVICE_CLASSES.filter((deviceClass) => classes[deviceClass].ok === false).map((deviceClass) => {
        const p = classes[deviceClass];
        return `${scenario} ${deviceClass}: pooled p99 ${formatMs(p.p99Ms)} ms over the bound of ${formatMs(p.boundMs)} ms (${formatCount(p.overBound)} of ${formatCount(p.count)} deliveries in ${p.runs} runs over it; odds ${p.falseAlarmOdds.toExponential(1)} if every run met it)`;
      }),
    ),
    cost: pooledCostByScenario(runs),
    coverage: summarizeCoverage(runs),
  };
}

/** Each scenario's deliveries pooled per class; the healthy class judged against the scenario's SLO. */
export function pooledByScenario(runs: readonly SweepRun[]): Record<string, Record<DeviceClass, PooledClass>> {
  const byScenario = new Map<string, SweepRun[]>();
  // Files from before latency was pooled have runs without it.
  for (const run of runs) if (run.latency !== undefined) byScenario.set(run.scenario, [...(byScenario.get(run.scenario) ?? []), run]);
  const result: Record<string, Record<DeviceClass, PooledClass>> = {};
  for (const [scenario, scenarioRuns] of byScenario) {
    const classes = {} as Record<DeviceClass, PooledClass>;
    for (const deviceClass of DEVICE_CLASSES) {
      const pooled = poolLatency(scenarioRuns.map((run) => run.latency[deviceClass]));
      // The healthy bound is the scenario's own (a swarm draw keeps it; a run whose worker crashed
      // before its spec was made says 0); the others are deadlines from the run's knobs.
      const boundMs = largest(scenarioRuns.map((run) => (deviceClass === 'healthy' ? run.latencyBoundMs : run.latency[deviceClass].boundMs)), 0);
      classes[deviceClass] = { ...pooled, boundMs, ok: deviceClass === 'healthy' ? !breaksBound(pooled) : null };
    }
    result[scenario] = classes;
  }
  return result;
}

/**
 * Writes a sweep result file: one run per line (compact: a pretty-printed swarm run took 11.9 KB, four
 * times the bytes), the rest indented, and never the whole file as one string.
 */
export function writeSweepFile(path: string, file: SweepFile): void {
  writeChunked(path, sweepFileText(file));
}

function* sweepFileText(file: SweepFile): Generator<string> {
  yield '{\n';
  if (file.sweep !== undefined) yield `  "sweep": ${JSON.stringify(file.sweep)},\n`;
  if (file.pending !== undefined) yield `  "pending": ${JSON.stringify(file.pending)},\n`;
  yield '  "runs": [';
  for (let i = 0; i < file.runs.length; i++) yield `${i === 0 ? '' : ','}\n    ${JSON.stringify(file.runs[i])}`;
  yield `${file.runs.length === 0 ? '' : '\n  '}],\n  "summary": ${JSON.stringify(file.summary, null, 2).replaceAll('\n', '\n  ')}\n}\n`;
}

/** The file `check --json` writes for a sweep, finished or interrupted. */
export function sweepFileOf(sweep: SweepIdentity, outcome: SweepOutcome): SweepFile {
  const runs = outcome.runs.filter((run) => run !== undefined);
  const summary = summarize(runs, {
    rechecked: outcome.rechecked,
    recheckMismatches: outcome.mismatches.length,
    wallTimeMs: outcome.wallTimeMs,
    timedRuns: outcome.ranRuns,
    interrupted: outcome.interrupted,
    notRun: outcome.runs.length - runs.length,
  });
  return { sweep, pending: pendingRanges(outcome.runs), runs, summary };
}

/** Every run passed, every pooled verdict held, and the determinism self-check found no mismatch. */
export function sweepOk(summary: SweepSummary): boolean {
  return summary.failed === 0 && summary.latencyFailures.length === 0 && summary.recheckMismatches === 0;
}

export function pendingRanges(runs: SweepResults): JobRange[] {
  const ranges: [number, number][] = [];
  runs.forEach((run, i) => {
    if (run !== undefined) return;
    const last = ranges.at(-1);
    if (last !== undefined && last[1] === i - 1) last[1] = i;
    else ranges.push([i, i]);
  });
  return ranges;
}

/** The fields merge reads; the summary is computed again from the runs, but for these. */
const sweepShape = z.looseObject({
  runs: z.array(sweepRunShape),
  summary: z.looseObject({
    rechecked: tally,
    recheckMismatches: tally,
    wallTimeMs: z.number().finite().nonnegative(),
    interrupted: z.boolean().optional(),
    notRun: tally.optional(),
  }),
  sweep: sweepIdentityShape.optional(),
  pending: z.array(z.tuple([tally, tally])).optional(),
});

/** A sweep file as read back: its runs, what merge and resume take from its summary, and (from check) which sweep it was. */
export interface SweepInput {
  readonly sweep?: SweepIdentity;
  readonly pending?: readonly JobRange[];
  readonly runs: readonly SweepRun[];
  readonly summary: Pick<SweepSummary, 'rechecked' | 'recheckMismatches' | 'wallTimeMs'> & Partial<Pick<SweepSummary, 'interrupted' | 'notRun'>>;
}

export function readSweepFile(file: string): SweepInput {
  return readJsonFile(file, 'sweep result', sweepShape) as SweepInput;
}

/** Runs of several files as one: sorted by scenario then seed, each (scenario, seed) once. */
export function mergeRuns(files: readonly Pick<SweepFile, 'runs'>[]): SweepRun[] {
  const byKey = new Map<string, SweepRun>();
  for (const file of files) {
    for (const run of file.runs) {
      const key = `${run.scenario}\u0000${run.seed}`;
      const before = byKey.get(key);
      // The same run twice (a file named twice, overlapping shards of one sweep) is one run; two
      // different runs under one name are two sweeps, and keeping either would hide the other's verdict.
      if (before !== undefined && (before.traceHash !== run.traceHash || before.ok !== run.ok || before.replay !== run.replay)) {
        throw new InputError('BAD_REPORT', `${run.scenario} seed ${run.seed} is in more than one file with different runs (${before.replay}: ${before.outcome}, trace ${before.traceHash || '-'}; ${run.replay}: ${run.outcome}, trace ${run.traceHash || '-'}); merge joins shards of one sweep`);
      }
      byKey.set(key, run);
    }
  }
  return [...byKey.values()].sort((a, b) => a.scenario.localeCompare(b.scenario) || compareSeeds(a.seed, b.seed));
}

function compareSeeds(a: string, b: string): number {
  const [x, y] = [Number(a), Number(b)];
  return Number.isFinite(x) && Number.isFinite(y) ? x - y : a.localeCompare(b);
}
