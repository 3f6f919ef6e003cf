// Runs sweep jobs on a pool of worker threads. Jobs go out in batches (a message per job would
// cost more than a short run), a few batches per worker at a time, so that a sweep can stop
// handing them out; each run lands at its job's index whatever order workers finish in. A batch
// whose worker dies is run again one job per task, to find the job that kills it.
import { Piscina } from 'piscina';
import type { TraceRecord } from '../sim/trace.js';
import { crashedRun, type SweepJob, type SweepRun } from './sweepJob.js';
import type { Batch } from './sweepWorker.js';

/** Workers need compiled JS: under a TypeScript test runner this file is .ts, so use dist's copy. */
const WORKER_FILE = import.meta.url.endsWith('.ts') ? new URL('../../dist/run/sweepWorker.js', import.meta.url).href : new URL('./sweepWorker.js', import.meta.url).href;

/** Batches out per worker: one running and one waiting, so a worker never idles on the main thread. */
const BATCHES_PER_WORKER = 2;

/** Most jobs in one batch: bounds what a stop waits for and what a dying worker takes with it. */
const BATCH_SIZE_MAX = 25;

/** A batch takes at most this share of the jobs left per worker, so batches shrink as the sweep ends. */
const SHARES_PER_WORKER = 8;

/**
 * How many of the `remaining` jobs the next batch takes: a share of what is left, so the last
 * batches hold a job or two and no worker waits long at the end for the other's last batch (a fixed
 * size left up to a whole batch, 25 runs, to one worker alone).
 */
export function nextBatchSize(remaining: number, workers: number): number {
  return Math.max(1, Math.min(BATCH_SIZE_MAX, Math.ceil(remaining / (workers * SHARES_PER_WORKER))));
}

/**
 * Threads for `jobs` jobs when `workers` were asked for: no more than the jobs, for each thread is
 * an isolate of its own (tens of MB, and its start-up): `--workers 256` for three seeds started 256.
 */
export function poolSize(workers: number, jobs: number): number {
  return Math.max(1, Math.min(workers, jobs));
}

/** How a caller stops work on the pool part way (the CLI ties these to SIGINT and SIGTERM). */
export interface Interruption {
  /** Once aborted, no more jobs go out, and each worker ends its batch after the job it is running. */
  readonly stop?: AbortSignal | undefined;
  /** Once aborted, running jobs are abandoned and their workers terminated. */
  readonly abort?: AbortSignal | undefined;
}

export interface PoolRunOptions extends Interruption {
  /** Called as each run comes back (in the order they finish), with its job's index. */
  readonly onRun?: (index: number, run: SweepRun) => void;
}

/** A run per job, in job order; undefined where a stopped sweep did not run the job. */
export type SweepResults = (SweepRun | undefined)[];

export class SweepPool {
  private readonly piscina: Piscina;

  constructor(readonly workers: number) {
    this.piscina = new Piscina({ filename: WORKER_FILE, minThreads: workers, maxThreads: workers, idleTimeout: 60_000 });
  }

  async run(jobs: readonly SweepJob[], options: PoolRunOptions = {}): Promise<SweepResults> {
    const results: SweepResults = new Array<SweepRun | undefined>(jobs.length).fill(undefined);
    const stopFlag = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
    const raiseStopFlag = () => Atomics.store(stopFlag, 0, 1);
    if (options.stop?.aborted === true) raiseStopFlag();
    options.stop?.addEventListener('abort', raiseStopFlag);
    let next = 0;
    // Each lane keeps one batch out at a time, taking the next jobs in order as its batch returns.
    const lane = async () => {
      while (next < jobs.length && options.stop?.aborted !== true && options.abort?.aborted !== true) {
        const start = next;
        next = start + nextBatchSize(jobs.length - start, this.workers);
        const runs = await this.runBatch(jobs.slice(start, next), stopFlag, options.abort);
        runs.forEach((run, i) => {
          results[start + i] = run;
          options.onRun?.(start + i, run);
        });
      }
    };
    try {
      await Promise.all(Array.from({ length: this.workers * BATCHES_PER_WORKER }, lane));
    } finally {
      options.stop?.removeEventListener('abort', raiseStopFlag);
    }
    return results;
  }

  /** The runs of the batch's first jobs: all of them unless the sweep stops; none once it aborts. */
  private async runBatch(jobs: readonly SweepJob[], stopFlag: Int32Array, abort: AbortSignal | undefined): Promise<SweepRun[]> {
    const batch: Batch = { jobs, stop: stopFlag };
    try {
      return (await this.piscina.run(batch, abort === undefined ? {} : { signal: abort })) as SweepRun[];
    } catch (error) {
      if (abort?.aborted === true) return [];
      if (jobs.length === 1) return [crashedRun(jobs[0]!, error)];
      // The worker died (or threw) somewhere in the batch. Each job runs once more on a task of its
      // own: the one that kills its worker again is the crashed run, and no job is retried twice.
      const runs: SweepRun[] = [];
      for (const job of jobs) {
        const [run] = await this.runBatch([job], stopFlag, abort);
        if (run === undefined) break;
        runs.push(run);
      }
      return runs;
    }
  }

  traceOf(job: SweepJob): Promise<TraceRecord[]> {
    return this.piscina.run(job, { name: 'traceOf' }) as Promise<TraceRecord[]>;
  }

  close(): Promise<void> {
    return this.piscina.destroy();
  }
}
