// The bench's sweep figures: a baseline swarm sweep on 1 worker beside the same seeds inline in
// this process, and on 2 workers beside two independent processes of half the seeds each (what
// each should match). Each pair takes turns on the same seeds (in alternating order), and each
// comparison is also given as the median of its per-turn ratios, as the kernel and system figures
// are: the host's speed drifts within seconds, and timed one after another, a minute apart, the
// same build's 2 workers read 0.73x and then 1.02x of two processes (bench of stop 29, and a rerun
// of its sweeps alone).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SweepPool } from '../run/pool.js';
import { median } from './holdBench.js';
import { inlineSweep, sweepBenchJob, sweepWarmupJobs, SWEEP_WARMUP_RUNS, warmInline } from './inlineSweep.js';

const INLINE_SWEEP_FILE = fileURLToPath(new URL('./inlineSweepMain.js', import.meta.url));

/**
 * 1 worker and the inline loop take turns on slices of a block this many seeds long. Taking turns
 * on whole blocks of 250 (5 s each), the same build read 0.91, 0.91 and 0.97x in three bench runs
 * (stop 52); on slices of 50 seeds a standalone loop over the same 1,000 read 0.98-1.00x (median
 * of the 20 slices' ratios), with a quartile range of 0.96-1.01x.
 */
const POOL1_SLICE_SEEDS = 50;

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
  /** Median over slices (POOL1_SLICE_SEEDS) of 1 worker's rate over the inline loop's on the same slice. */
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
async function twoProcessSeconds(from: number, to: number, warmupRuns: number): Promise<number> {
  const half = from + Math.floor((to - from + 1) / 2) - 1;
  const child = (first: number, last: number) =>
    new Promise<number>((resolve, reject) => {
      execFile(process.execPath, [...process.execArgv, INLINE_SWEEP_FILE, String(first), String(last), String(warmupRuns)], (error, stdout) => (error === null ? resolve(Number(stdout)) : reject(error)));
    });
  return Math.max(...(await Promise.all([child(from, half), child(half + 1, to)])));
}

/**
 * Times both on the same seeds, `a` first on even turns and `b` first on odd ones: each then runs
 * as often right after the previous configuration (two processes just exited, say) as the other.
 * In a fixed order the pool always ran first, and 1 worker read 0.95-1.00x of the inline loop.
 */
async function inTurn<A, B>(turn: number, a: () => Promise<A> | A, b: () => Promise<B> | B): Promise<[A, B]> {
  if (turn % 2 === 0) {
    const first = await a();
    return [first, await b()];
  }
  const second = await b();
  return [await a(), second];
}

/**
 * `blocks` of the seeds for the four configurations to take turns on (the full bench: 4 of 250),
 * each configuration warmed by `warmupRuns` runs per thread first (`--quick` takes fewer: its
 * figures only have to be there and sane).
 */
export async function sweepFigures(seeds: number, blocks: number, warmupRuns = SWEEP_WARMUP_RUNS): Promise<SweepFigures> {
  const pools = [new SweepPool(1), new SweepPool(2)] as const;
  try {
    // Warm the workers and this thread (module load, JIT) before any clock starts.
    for (const pool of pools) await pool.run(sweepWarmupJobs(pool.workers * warmupRuns));
    warmInline(warmupRuns);
    const total = { pool1: 0, inline: 0, pool2: 0, twoProcs: 0, events: 0 };
    const ratios1: number[] = [];
    const ratios2: number[] = [];
    let turn = 0;
    for (let block = 0; block < blocks; block++) {
      const from = Math.floor((block * seeds) / blocks) + 1;
      const to = Math.floor(((block + 1) * seeds) / blocks);
      for (let sliceFrom = from; sliceFrom <= to; sliceFrom += POOL1_SLICE_SEEDS) {
        const sliceTo = Math.min(to, sliceFrom + POOL1_SLICE_SEEDS - 1);
        const [pool1, { seconds: inline, events }] = await inTurn(turn++, () => poolSeconds(pools[0], sliceFrom, sliceTo), () => inlineSweep(sliceFrom, sliceTo));
        ratios1.push(inline / pool1);
        total.pool1 += pool1;
        total.inline += inline;
        total.events += events;
      }
      const [pool2, twoProcs] = await inTurn(block, () => poolSeconds(pools[1], from, to), () => twoProcessSeconds(from, to, warmupRuns));
      ratios2.push(twoProcs / pool2);
      total.pool2 += pool2;
      total.twoProcs += twoProcs;
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
