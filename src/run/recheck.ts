// The determinism self-check: a sample of a sweep's runs is run again on fresh worker threads, and
// each must give the same trace hash. A mismatch is a determinism bug; it is reported with the
// first event at which the two runs part ways.
import type { TraceRecord } from '../sim/trace.js';
import { hashString } from '../sim/traceKinds.js';
import { poolSize, SweepPool, type Interruption } from './pool.js';
import { traceOfJob, type SweepJob, type SweepRun } from './sweepJob.js';

export interface Divergence {
  readonly index: number;
  readonly expected: TraceRecord | null;
  readonly actual: TraceRecord | null;
}

export interface Mismatch {
  readonly job: SweepJob;
  readonly expectedHash: string;
  /** Empty when the re-run crashed its worker (a run that passed once and crashes now differs too). */
  readonly actualHash: string;
  /** Where a main-thread and a worker run of the job first differ; null if they agreed this time, or the re-run crashed. */
  readonly divergence: Divergence | null;
}

/** Indices of a deterministic sample of about `ratio` of the jobs (at least one if ratio > 0). */
export function recheckSample(jobs: readonly SweepJob[], ratio: number): number[] {
  if (ratio <= 0 || jobs.length === 0) return [];
  const picked = jobs.flatMap((job, i) => (hashString(`${job.source}/${job.seed}`) / 2 ** 32 < ratio ? [i] : []));
  return picked.length > 0 ? picked : [0];
}

export interface RecheckOutcome {
  readonly rechecked: number;
  readonly mismatches: Mismatch[];
  /** Stopped before the whole sample was run again. */
  readonly interrupted: boolean;
}

export async function recheck(jobs: readonly SweepJob[], runs: readonly SweepRun[], ratio: number, workers: number, interruption: Interruption = {}): Promise<RecheckOutcome> {
  // A crashed run left no hash to compare.
  const sample = recheckSample(jobs, ratio).filter((i) => runs[i]!.outcome !== 'crashed');
  if (sample.length === 0) return { rechecked: 0, mismatches: [], interrupted: false };
  // A fresh pool: the second run happens on threads that never ran the first.
  const pool = new SweepPool(poolSize(workers, sample.length));
  try {
    const again = await pool.run(
      sample.map((i) => jobs[i]!),
      { stop: interruption.stop, abort: interruption.abort },
    );
    const mismatches: Mismatch[] = [];
    let rechecked = 0;
    for (const [k, i] of sample.entries()) {
      const actual = again[k];
      if (actual === undefined) continue;
      rechecked++;
      const expectedHash = runs[i]!.traceHash;
      if (expectedHash === actual.traceHash) continue;
      const job = jobs[i]!;
      // A job that crashed its worker would crash it again for its trace.
      const divergence = actual.outcome === 'crashed' ? null : firstDivergence(traceOfJob(job), await pool.traceOf(job));
      mismatches.push({ job, expectedHash, actualHash: actual.traceHash, divergence });
    }
    return { rechecked, mismatches, interrupted: rechecked < sample.length };
  } finally {
    await pool.close();
  }
}

export function firstDivergence(expected: readonly TraceRecord[], actual: readonly TraceRecord[]): Divergence | null {
  const length = Math.max(expected.length, actual.length);
  for (let i = 0; i < length; i++) {
    const a = expected[i];
    const b = actual[i];
    if (a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b)) continue;
    return { index: i, expected: a ?? null, actual: b ?? null };
  }
  return null;
}
