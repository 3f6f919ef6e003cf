// The sweep the pool is measured against: the same baseline swarm seeds run one after another in
// this process, with no pool at all (after a warm-up, as the pool's workers get one).
import { runJob, type SweepJob } from '../run/sweepJob.js';

const job = (seed: string): SweepJob => ({ source: 'baseline', seed, swarm: true, mutants: [] });

/** Seeds per second over seeds `from`..`to` (both included), run inline. */
export function inlineSeedsPerSec(from: number, to: number): number {
  for (let i = 0; i < 4; i++) runJob(job(`warm-${i}`));
  const startMs = performance.now();
  for (let seed = from; seed <= to; seed++) runJob(job(String(seed)));
  return (to - from + 1) / ((performance.now() - startMs) / 1000);
}
