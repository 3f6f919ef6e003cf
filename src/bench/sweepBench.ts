// The bench's sweep figures: a baseline swarm sweep on 1 worker beside the same seeds inline in
// this process, and on 2 workers beside two independent processes of half the seeds each (what
// each should match). The four take turns on blocks of seeds (each pair in alternating order), and
// each comparison is also given as the median of its per-block ratios, as the kernel and system
// figures are: the host's speed drifts within seconds, and timed one after another, a minute apart,
// the same build's 2 workers read 0.73x and then 1.02x of two processes (bench of stop 29, and a
// rerun of its sweeps alone).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SweepPool } from '../run/pool.js';
import { median } from './holdBench.js';
import { inlineSweep, sweepBenchJob, sweepWarmupJobs, SWEEP_WARMUP_RUNS } from './inlineSweep.js';

const INLINE_SWEEP_FILE = fileURLToPath(new URL('./inlineSweepMain.js', import.meta.url));


export interface SweepFigures {
  readonly seeds: number;
  readonly seedsPerSec1: number;
  readonly seedsPerSec2: number;
  readonly efficiency: number;
  /** The same seeds run one after another in this process: what 1 worker should match. */
  readonly seedsPerSecInline: number;
  /** Two independent processes, each running half the seeds inline: what 2 workers should match. */
  readonly seedsPerSecTwoProcs: number;
  /**
   * The mean events of a seed, counted by the inline loop: the work a seed is. A swarm seed grows
   * when the swarm draws more faults or load, and seeds per second then fall for the same speed.
   */
  readonly eventsPerSeed: number;
  /** Median over blocks of 1 worker's rate over the inline loop's on the same block. */
  readonly pool1VsInline: number;
  /** Median over blocks of 2 workers' rate over two processes' on the same block. */
  readonly pool2VsTwoProcs: number;
}

async function poolSeconds(pool: SweepPool, from: number, to: number): Promise<number> {
  const startMs = performance.now();
  await pool.run(Array.from({ length: to - from + 1 }, (_, i) => sweepBenchJob(String(from + i))));
  return (performance.now() - startMs) / 1000;
}

/** Two processes, each with half the seeds inline, started together: the slower one's time. */
async function twoProcessSeconds(from: number, to: number): Promise<number> {
  const half = from + Math.floor((to - from + 1) / 2) - 1;
  const child = (first: number, last: number) =>
    new Promise<number>((resolve, reject) => {
      execFile(process.execPath, [...process.execArgv, INLINE_SWEEP_FILE, String(first), String(last)], (error, stdout) => (error === null ? resolve(Number(stdout)) : reject(error)));
    });
  return Math.max(...(await Promise.all([child(from, half), child(half + 1, to)])));
}

/**
 * Times both on the same block, `a` first in even blocks and `b` first in odd ones: each then runs
 * as often right after the previous configuration (two processes just exited, say) as the other.
 * In a fixed order the pool always ran first, and 1 worker read 0.95-1.00x of the inline loop.
 */
async function inTurn<A, B>(block: number, a: () => Promise<A> | A, b: () => Promise<B> | B): Promise<[A, B]> {
  if (block % 2 === 0) {
    const first = await a();
    return [first, await b()];
  }
  const second = await b();
  return [await a(), second];
}

/** `blocks` of the seeds for the four configurations to take turns on (the full bench: 4 of 250). */
export async function sweepFigures(seeds: number, blocks: number): Promise<SweepFigures> {
  const pools = [new SweepPool(1), new SweepPool(2)] as const;
  try {
    // Warm the workers (module load, JIT) before any clock starts, as the inline loop is warmed.
    for (const pool of pools) await pool.run(sweepWarmupJobs(pool.workers * SWEEP_WARMUP_RUNS));
    const total = { pool1: 0, inline: 0, pool2: 0, twoProcs: 0, events: 0 };
    const ratios1: number[] = [];
    const ratios2: number[] = [];
    for (let block = 0; block < blocks; block++) {
      const from = Math.floor((block * seeds) / blocks) + 1;
      const to = Math.floor(((block + 1) * seeds) / blocks);
      const [pool1, { seconds: inline, events }] = await inTurn(block, () => poolSeconds(pools[0], from, to), () => inlineSweep(from, to));
      const [pool2, twoProcs] = await inTurn(block, () => poolSeconds(pools[1], from, to), () => twoProcessSeconds(from, to));
      ratios1.push(inline / pool1);
      ratios2.push(twoProcs / pool2);
      total.pool1 += pool1;
      total.inline += inline;
      total.pool2 += pool2;
      total.twoProcs += twoProcs;
      total.events += events;
    }
    return {
      seeds,
      seedsPerSec1: seeds / total.pool1,
      seedsPerSec2: seeds / total.pool2,
      efficiency: total.pool1 / (2 * total.pool2),
      seedsPerSecInline: seeds / total.inline,
      seedsPerSecTwoProcs: seeds / total.twoProcs,
      eventsPerSeed: total.events / seeds,
      pool1VsInline: median(ratios1),
      pool2VsTwoProcs: median(ratios2),
    };
  } finally {
    await Promise.all(pools.map((pool) => pool.close()));
  }
}
