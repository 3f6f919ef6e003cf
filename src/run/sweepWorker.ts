// The worker-thread entry of the sweep pool (piscina loads the compiled file).
import type { TraceRecord } from '../sim/trace.js';
import { runJob, traceOfJob, type SweepJob, type SweepRun } from './sweepJob.js';

export interface Batch {
  readonly jobs: readonly SweepJob[];
  /** Shared with the main thread: non-zero once the sweep is stopping, so the batch ends early. */
  readonly stop: Int32Array;
}

/**
 * TEST ONLY: `SEQSIM_TEST_CRASH_JOB=<source>/<seed>` makes the worker that gets that job exit, as
 * an out-of-memory kill or a crash in the harness would, so tests can plant a dying worker. Read
 * here and only here: simulation code never reads the environment.
 */
const CRASH_JOB = process.env['SEQSIM_TEST_CRASH_JOB'];

function crashIfPlanted(job: SweepJob): void {
  if (CRASH_JOB === `${job.source}/${job.seed}`) process.exit(1);
}

/** Runs the batch's jobs in order; when the sweep stops, returns the runs of those it finished. */
export default function runBatch(batch: Batch): SweepRun[] {
  const runs: SweepRun[] = [];
  for (const job of batch.jobs) {
    if (Atomics.load(batch.stop, 0) !== 0) break;
    crashIfPlanted(job);
    runs.push(runJob(job));
  }
  return runs;
}

export function traceOf(job: SweepJob): TraceRecord[] {
  crashIfPlanted(job);
  return traceOfJob(job);
}
