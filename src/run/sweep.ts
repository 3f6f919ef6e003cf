// A sweep: every (scenario, seed) job on the worker pool, then the determinism self-check. A sweep
// can be stopped part way (it reports the jobs it did not run) and resumed from the runs it had.
import { poolSize, SweepPool, type Interruption, type SweepResults } from './pool.js';
import { recheck, type Mismatch } from './recheck.js';
import type { SweepJob, SweepRun } from './sweepJob.js';

export interface SweepOptions extends Interruption {
  readonly workers: number;
  /** Share of runs to run again on fresh workers and compare (0 to 1). */
  readonly recheckRatio: number;
  /** Runs a resumed sweep already has, by job index: kept, not run again. */
  readonly done?: readonly (SweepRun | undefined)[];
  /** Called as each run finishes (in the order they finish), with its job's index. */
  readonly onRun?: (index: number, run: SweepRun) => void;
}

export interface SweepOutcome {
  /** A run per job, in job order; undefined for the jobs an interrupted sweep did not run. */
  readonly runs: SweepResults;
  /** Stopped before every job ran and the self-check finished. */
  readonly interrupted: boolean;
  readonly rechecked: number;
  readonly mismatches: readonly Mismatch[];
  /** The threads it ran on: those asked for, or fewer if it had fewer jobs. */
  readonly workers: number;
  /** Wall time of the runs this sweep ran (the recheck excluded), for runs per second. */
  readonly wallTimeMs: number;
  /** How many runs this sweep ran; a resumed one kept the others. */
  readonly ranRuns: number;
}

export async function sweep(jobs: readonly SweepJob[], options: SweepOptions): Promise<SweepOutcome> {
  const startMs = performance.now();
  const runs: SweepResults = jobs.map((_, i) => options.done?.[i]);
  const todo = jobs.flatMap((_, i) => (runs[i] === undefined ? [i] : []));
  let ranRuns = 0;
  const workers = poolSize(options.workers, todo.length);
  const pool = new SweepPool(workers);
  try {
    const onRun = (k: number, run: SweepRun) => {
      runs[todo[k]!] = run;
      ranRuns++;
      options.onRun?.(todo[k]!, run);
    };
    await pool.run(
      todo.map((i) => jobs[i]!),
      { onRun, stop: options.stop, abort: options.abort },
    );
  } finally {
    await pool.close();
  }
  const wallTimeMs = performance.now() - startMs;
  // An interrupted sweep skips the self-check: its resume checks the same sample of the whole sweep.
  if (runs.includes(undefined)) return { runs, interrupted: true, rechecked: 0, mismatches: [], workers, wallTimeMs, ranRuns };
  const checked = await recheck(jobs, runs as SweepRun[], options.recheckRatio, options.workers, options);
  return { runs, interrupted: checked.interrupted, rechecked: checked.rechecked, mismatches: checked.mismatches, workers, wallTimeMs, ranRuns };
}
