// The latency SLO (the scenario's p99 bound on healthy deliveries) judged where the samples are: on a
// scenario's healthy deliveries pooled over a sweep. One run's p99 rests on a few hundred samples
// that share links and fan-outs; it cannot be judged without false alarms, so a run never fails on
// it (it fails only on hard deadlines, see checkers/latency.ts).
//
// The test. Let f_i be the share of run i's healthy deliveries over the bound. If every run's p99 is
// within the bound, each f_i has mean at most p = 1%, and the runs are independent (own seed, own
// draws), however correlated the deliveries inside a run are. So the test may assume nothing else
// of f_i: a correct run could be all late with odds of 1%. It bets against that null (Waudby-Smith
// and Ramdas, "Estimating means of bounded random variables by betting", 2023): a stake of lambda per
// run turns wealth W into W * (1 + lambda * (f_i - p)), never negative for lambda <= 1/p, and its
// expected factor is at most 1 when the mean of f_i is at most p. So the final wealth has expectation
// at most 1 under the null, and by Markov's inequality reaches 1/FALSE_ALARM with odds at most
// FALSE_ALARM. The verdict averages the wealth of a few fixed stakes (an average of such wealths is
// one too). Hoeffding's bound on the mean, used before, ignores how the shares spread: it needed 18
// runs to see a system whose every run had 30% of its deliveries late, since a correct system might
// make a few runs all late; this test sees the same in 6, and a run with no late delivery costs the
// bet (the correct sweeps of 5001-5300 end with wealth below e^-15).
import { mergeHistograms, quantileMs, type Histogram } from './histogram.js';
import { largest } from './largest.js';

/** The SLO's percentile: 99% of healthy deliveries within the bound. */
export const SLO_SHARE_OVER = 0.01;
/** The false-alarm rate the verdict allows per scenario and sweep. */
export const FALSE_ALARM = 1e-6;

/** One run's deliveries of one class, as a sweep keeps them. */
export interface ClassLatency {
  readonly count: number;
  /** The bound the class is measured against in this run. */
  readonly boundMs: number;
  /** Deliveries over the class's bound. */
  readonly overBound: number;
  readonly maxMs: number;
  readonly histogram: Histogram;
}

export interface PooledLatency {
  readonly runs: number;
  readonly count: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly overBound: number;
  /** The odds of a sweep this slow if every run met the bound: at most 1 over the bet's wealth (1 when it lost). */
  readonly falseAlarmOdds: number;
}

/** The stakes bet per run, as shares of the most a run may stake (1/p), each from wealth 1. */
const STAKES = [1 / 2, 1 / 4, 1 / 8, 1 / 16];

/** The log of the stakes' mean wealth after betting on `shares` (each in [0, 1]) against a mean of at most `p`. */
export function logWealth(shares: readonly number[], p: number): number {
  const logs = STAKES.map((stake) => {
    const lambda = stake / p;
    let log = 0;
    for (const share of shares) log += Math.log1p(lambda * (share - p));
    return log;
  });
  // log(mean(exp(logs))), without overflow in a sweep of many late runs.
  const top = largest(logs);
  return top + Math.log(logs.reduce((sum, log) => sum + Math.exp(log - top), 0) / STAKES.length);
}

export function poolLatency(runs: readonly ClassLatency[]): PooledLatency {
  const sampled = runs.filter((run) => run.count > 0);
  const count = sampled.reduce((sum, run) => sum + run.count, 0);
  const overBound = sampled.reduce((sum, run) => sum + run.overBound, 0);
  const histogram = mergeHistograms(sampled.map((run) => run.histogram));
  const falseAlarmOdds = Math.min(1, Math.exp(-logWealth(sampled.map((run) => run.overBound / run.count), SLO_SHARE_OVER)));
  const maxMs = largest(sampled.map((run) => run.maxMs), 0);
  // A quantile reads as its bucket's upper edge, which may lie above every sample.
  return {
    runs: sampled.length,
    count,
    p50Ms: Math.min(quantileMs(histogram, 0.5), maxMs),
    p99Ms: Math.min(quantileMs(histogram, 0.99), maxMs),
    maxMs,
    overBound,
    falseAlarmOdds,
  };
}

/** Whether one run's deliveries are over their bound more often than the SLO allows: the evidence the pooled verdict adds up. */
export function overSloShare(run: ClassLatency): boolean {
  return run.count > 0 && run.overBound > SLO_SHARE_OVER * run.count;
}

/** Whether the pooled deliveries break their bound beyond doubt. */
export function breaksBound(pooled: PooledLatency): boolean {
  return pooled.falseAlarmOdds < FALSE_ALARM;
}
