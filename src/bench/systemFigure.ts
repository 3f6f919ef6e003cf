// The bench's full-system figure: baseline seeds in blocks, each block timed beside a pass of the
// reference heap loop. Shared by `seqsim bench` and scripts/systemAB.mjs, which times another
// build's runs the same way (so the runs come in as a function).
import { besideReference, GOAL_PENDING, median, PLANS, type SizePlan, type TimedHold } from './holdBench.js';
import { makeDelayTableUs } from './holdModel.js';

/** Baseline seeds per timed block, and the blocks (odd, for a true median). */
const SEEDS_PER_BLOCK = 20;
const BLOCKS = 5;
/**
 * Untimed runs first: the JIT keeps speeding the system up for about 150 runs. Measured in 20-run
 * groups from a fresh process: 0.43, 1.34, 2.17, 2.20, 2.62M ev/s, then 2.6-2.8M from the 100th run
 * on. With 60, the first timed blocks were still climbing (per-block ratios 0.236 and 0.257, then
 * 0.27-0.29), which pulled the median down to 0.234 in some bench runs.
 */
const WARMUP_RUNS = 200;

/** What the figure reads of one run's report. */
export interface TimedRun {
  readonly events: number;
  readonly wallTimeMs: number;
  readonly virtualTimeMs: number;
  readonly messages: { readonly deliveries: number };
}

/** One seed of baseline, run by whichever build is measured. */
export type BaselineRunner = (seed: string | number) => TimedRun;

export interface SystemFigures {
  readonly eventsPerSec: number;
  /** The median over blocks of a block's events per second over the reference pass run beside it. */
  readonly ratio: number;
  readonly deliveriesPerSec: number;
  readonly virtualPerWall: number;
}

/** The reference's plan at the goal's size, with its delay table. */
export function goalHoldPlan(): { readonly plan: SizePlan; readonly delaysUs: Float64Array; readonly meanDelayUs: number } {
  const delaysUs = makeDelayTableUs();
  const meanDelayUs = delaysUs.reduce((sum, d) => sum + d, 0) / delaysUs.length;
  return { plan: PLANS.find((plan) => plan.pending === GOAL_PENDING)!, delaysUs, meanDelayUs };
}

/**
 * The full system on baseline, in blocks of seeds, each block beside a pass of the reference heap
 * loop (besideReference): the machine's speed drifts within seconds, so the ratio is
 * the median of per-block ratios, not one figure over another measured a while apart.
 */
export function systemOnBaseline(reference: TimedHold, runBaseline: BaselineRunner, { warmupRuns = WARMUP_RUNS, blocks = BLOCKS } = {}): SystemFigures {
  for (let run = 0; run < warmupRuns; run++) runBaseline(`warm-${run}`);
  const blockRates: number[] = [];
  const ratios: number[] = [];
  let deliveries = 0;
  let virtualMs = 0;
  let wallMs = 0;
  for (let block = 0; block < blocks; block++) {
    const { referenceRate, rate } = besideReference(reference, block, () => {
      let blockEvents = 0;
      let blockWallMs = 0;
      for (let seed = block * SEEDS_PER_BLOCK + 1; seed <= (block + 1) * SEEDS_PER_BLOCK; seed++) {
        const report = runBaseline(seed);
        blockEvents += report.events;
        blockWallMs += report.wallTimeMs;
        deliveries += report.messages.deliveries;
        virtualMs += report.virtualTimeMs;
      }
      wallMs += blockWallMs;
      return blockEvents / (blockWallMs / 1000);
    });
    blockRates.push(rate);
    ratios.push(rate / referenceRate);
  }
  return { eventsPerSec: median(blockRates), ratio: median(ratios), deliveriesPerSec: deliveries / (wallMs / 1000), virtualPerWall: virtualMs / wallMs };
}
