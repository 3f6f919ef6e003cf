// The worker-thread entry of the sweep pool (piscina loads the compiled file).
import type { TraceRecord } from '../sim/trace.js';
import { runJob, traceOfJob, type SweepJob, type SweepRun } from './sweepJob.js';

export default function runBatch(jobs: readonly SweepJob[]): SweepRun[] {
  return jobs.map(runJob);
}

export function traceOf(job: SweepJob): TraceRecord[] {
  return traceOfJob(job);
}
