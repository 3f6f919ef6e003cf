// The sweep the pool is measured against: the same baseline swarm seeds run one after another in
// this process, with no pool at all (after a warm-up, as the pool's workers get one).
import { runJob, type SweepJob } from '../run/sweepJob.js';

export const sweepBenchJob = (seed: string): SweepJob => ({ source: 'baseline', seed, swarm: true, mutants: [] });

/** Seconds to run seeds `from`..`to` (both included) inline, after a warm-up. */
export function inlineSweepSeconds(from: number, to: number): number {
  for (let i = 0; i < 4; i++) runJob(sweepBenchJob(`warm-${i}`));
  const startMs = performance.now();
  for (let seed = from; seed <= to; seed++) runJob(sweepBenchJob(String(seed)));
  return (performance.now() - startMs) / 1000;
}
