// The determinism self-check: a sample of a sweep's runs is run again on fresh worker threads, and
// each must give the same trace hash. A mismatch is a determinism bug; it is reported with the
// first event at which the two runs part ways.
import type { TraceRecord } from '../sim/trace.js';
import { hashString } from '../sim/traceKinds.js';
import { SweepPool } from './pool.js';
import { traceOfJob, type SweepJob, type SweepRun } from './sweepJob.js';

export interface Divergence {
  readonly index: number;
  readonly expected: TraceRecord | null;
  readonly actual: TraceRecord | null;
}

export interface Mismatch {
  readonly job: SweepJob;
  readonly expectedHash: string;
  readonly actualHash: string;
  /** Where a main-thread and a worker run of the job first differ; null if they agreed this time. */
  readonly divergence: Divergence | null;
}

/** Indices of a deterministic sample of about `ratio` of the jobs (at least one if ratio > 0). */
export function recheckSample(jobs: readonly SweepJob[], ratio: number): number[] {
  if (ratio <= 0 || jobs.length === 0) return [];
  const picked = jobs.flatMap((job, i) => (hashString(`${job.source}/${job.seed}`) / 2 ** 32 < ratio ? [i] : []));
  return picked.length > 0 ? picked : [0];
}

export async function recheck(jobs: readonly SweepJob[], runs: readonly SweepRun[], ratio: number, workers: number): Promise<{ rechecked: number; mismatches: Mismatch[] }> {
  const sample = recheckSample(jobs, ratio);
  if (sample.length === 0) return { rechecked: 0, mismatches: [] };
  // A fresh pool: the second run happens on threads that never ran the first.
  const pool = new SweepPool(workers);
  try {
    const again = await pool.run(sample.map((i) => jobs[i]!));
    const mismatches: Mismatch[] = [];
    for (const [k, i] of sample.entries()) {
      const expectedHash = runs[i]!.traceHash;
      const actualHash = again[k]!.traceHash;
      if (expectedHash === actualHash) continue;
      const job = jobs[i]!;
      mismatches.push({ job, expectedHash, actualHash, divergence: firstDivergence(traceOfJob(job), await pool.traceOf(job)) });
    }
    return { rechecked: sample.length, mismatches };
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
