// The latency SLO (the scenario's p99 bound on healthy deliveries) judged where the samples are: on a
// scenario's healthy deliveries pooled over a sweep. One run's p99 rests on a few hundred samples
// that share links and fan-outs; it cannot be judged without false alarms, so a run never fails on
// it (it fails only on hard deadlines, see checkers/latency.ts).
//
// The test. Let f_i be the share of run i's healthy deliveries over the bound. If every run's p99 is
// within the bound, each f_i has mean at most 1%, and the runs are independent (own seed, own
// draws), however correlated the deliveries inside a run are. For independent values in [0, 1] with
// mean at most p, Hoeffding's bound gives P(mean of k values >= x) <= exp(-k * KL(x || p)), KL the
// Bernoulli relative entropy. The sweep fails when the pooled p99 is over the bound and that
// probability is below FALSE_ALARM (one in a million): a correct system fails it that seldom, and a
// real slowdown fails it within a handful of runs (every delivery late: 5 runs give exp(-22)).
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
  /** The odds of a sweep this slow if every run met the bound (1 when the pooled p99 is within it). */
  readonly falseAlarmOdds: number;
}

/** Relative entropy of Bernoulli(x) from Bernoulli(p). */
function bernoulliKl(x: number, p: number): number {
  const term = (a: number, b: number) => (a === 0 ? 0 : a * Math.log(a / b));
  return term(x, p) + term(1 - x, 1 - p);
}

export function poolLatency(runs: readonly ClassLatency[]): PooledLatency {
  const sampled = runs.filter((run) => run.count > 0);
  const count = sampled.reduce((sum, run) => sum + run.count, 0);
  const overBound = sampled.reduce((sum, run) => sum + run.overBound, 0);
  const histogram = mergeHistograms(sampled.map((run) => run.histogram));
  const meanShareOver = sampled.reduce((sum, run) => sum + run.overBound / run.count, 0) / Math.max(1, sampled.length);
  const falseAlarmOdds = overBound > SLO_SHARE_OVER * count && meanShareOver > SLO_SHARE_OVER ? Math.exp(-sampled.length * bernoulliKl(meanShareOver, SLO_SHARE_OVER)) : 1;
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
