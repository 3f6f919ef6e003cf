// Runs sweep jobs on a pool of worker threads. Jobs go out in batches (a message per job would
// cost more than a short run); results come back in job order whatever order workers finish in.
import { Piscina } from 'piscina';
import type { TraceRecord } from '../sim/trace.js';
import type { SweepJob, SweepRun } from './sweepJob.js';

/** Workers need compiled JS: under a TypeScript test runner this file is .ts, so use dist's copy. */
const WORKER_FILE = import.meta.url.endsWith('.ts') ? new URL('../../dist/run/sweepWorker.js', import.meta.url).href : new URL('./sweepWorker.js', import.meta.url).href;

export interface PoolOptions {
  readonly workers: number;
  /** Jobs per message to a worker. */
  readonly batchSize?: number;
  /** Called after each batch with the number of jobs finished so far. */
  readonly onProgress?: (done: number, runs: readonly SweepRun[]) => void;
}

export class SweepPool {
  private readonly piscina: Piscina;

  constructor(readonly workers: number) {
    this.piscina = new Piscina({ filename: WORKER_FILE, minThreads: workers, maxThreads: workers, idleTimeout: 60_000 });
  }

  async run(jobs: readonly SweepJob[], options: Omit<PoolOptions, 'workers'> = {}): Promise<SweepRun[]> {
    const batchSize = options.batchSize ?? Math.max(1, Math.min(25, Math.ceil(jobs.length / (this.workers * 8))));
    const results: SweepRun[] = new Array(jobs.length);
    let done = 0;
    const batches: Promise<void>[] = [];
    for (let start = 0; start < jobs.length; start += batchSize) {
      const batch = jobs.slice(start, start + batchSize);
      batches.push(
        (this.piscina.run(batch) as Promise<SweepRun[]>).then((runs) => {
          runs.forEach((run, i) => (results[start + i] = run));
          done += runs.length;
          options.onProgress?.(done, runs);
        }),
      );
    }
    await Promise.all(batches);
    return results;
  }

  traceOf(job: SweepJob): Promise<TraceRecord[]> {
    return this.piscina.run(job, { name: 'traceOf' }) as Promise<TraceRecord[]>;
  }

  close(): Promise<void> {
    return this.piscina.destroy();
  }
}
