// A sweep: every (scenario, seed) job on the worker pool, then the determinism self-check.
import { SweepPool } from './pool.js';
import { recheck, type Mismatch } from './recheck.js';
import type { SweepJob, SweepRun } from './sweepJob.js';

export interface SweepOptions {
  readonly workers: number;
  /** Share of runs to run again on fresh workers and compare (0 to 1). */
  readonly recheckRatio: number;
  readonly onProgress?: (done: number, runs: readonly SweepRun[]) => void;
}

export interface SweepOutcome {
  readonly runs: readonly SweepRun[];
  readonly rechecked: number;
  readonly mismatches: readonly Mismatch[];
  /** Wall time of the runs themselves (the recheck excluded), for seeds per second. */
  readonly wallTimeMs: number;
}

export async function sweep(jobs: readonly SweepJob[], options: SweepOptions): Promise<SweepOutcome> {
  const startMs = performance.now();
  const pool = new SweepPool(options.workers);
  let runs: SweepRun[];
  try {
    runs = await pool.run(jobs, options.onProgress === undefined ? {} : { onProgress: options.onProgress });
  } finally {
    await pool.close();
  }
  const wallTimeMs = performance.now() - startMs;
  const { rechecked, mismatches } = await recheck(jobs, runs, options.recheckRatio, options.workers);
  return { runs, rechecked, mismatches, wallTimeMs };
}
