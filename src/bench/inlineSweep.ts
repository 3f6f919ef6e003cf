// The sweep the pool is measured against: the same baseline swarm seeds run one after another in
// this process, with no pool at all, after the same warm-up each of the pool's workers gets.
import { runJob, type SweepJob } from '../run/sweepJob.js';

export const sweepBenchJob = (seed: string): SweepJob => ({ source: 'baseline', seed, swarm: true, mutants: [] });

/**
 * Untimed swarm runs on each thread before its clock starts: the inline loop, each child process
 * and each of the pool's workers alike. The JIT keeps speeding a thread up for over a hundred runs:
 * in 10-run groups from a fresh process, 0.29, 0.89, 1.50, 1.76, 2.05M ev/s, and 2.3-2.4M from the
 * 130th run on. With 40 a worker started its first block still climbing, against an inline loop
 * warmed by the whole system figure, and 1 worker read 0.875-0.949x inline in three of fourteen
 * bench runs (stops 45 and 46).
 */
export const SWEEP_WARMUP_RUNS = 150;

/** `count` warm-up jobs, on seeds no block times. */
export const sweepWarmupJobs = (count: number): SweepJob[] => Array.from({ length: count }, (_, i) => sweepBenchJob(`warm-${i}`));

/** The untimed warm-up runs, on this thread. */
export function warmInline(runs = SWEEP_WARMUP_RUNS): void {
  for (const job of sweepWarmupJobs(runs)) runJob(job);
}

/** Seconds to run seeds `from`..`to` (both included) inline, on a thread warmed already, and the events they took. */
export function inlineSweep(from: number, to: number): { readonly seconds: number; readonly events: number } {
  let events = 0;
  const startMs = performance.now();
  for (let seed = from; seed <= to; seed++) events += runJob(sweepBenchJob(String(seed))).events;
  return { seconds: (performance.now() - startMs) / 1000, events };
}
