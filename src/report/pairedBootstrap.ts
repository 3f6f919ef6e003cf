// A paired bootstrap over seeds. Two sweeps of the same seeds give each figure a pair of values per
// seed (same faults, same workload); what differs between the pairs is the change under test. Each
// resample draws as many seeds as there are, with replacement, and takes the mean difference b - a
// and the ratio of the means b / a over them. The interval is the percentile interval of those
// resamples; a figure changed when the interval of the difference excludes zero (equivalently, the
// ratio's excludes 1). The resamples come from a seeded stream: the same files, the same intervals.
import { RandomStream } from '../sim/random.js';

export interface PairedSamples {
  /** One value per paired seed, in the same seed order in both. */
  readonly a: readonly number[];
  readonly b: readonly number[];
}

export interface PairedInterval {
  /** The means over the paired seeds. */
  readonly a: number;
  readonly b: number;
  /** b / a, null when a is 0. */
  readonly ratio: number | null;
  /** The interval of b / a; null when a resample's mean of a is 0 (the ratio is undefined there). */
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
  /** The interval of the mean difference b - a excludes zero, over at least `minSeeds` seeds. */
  readonly significant: boolean;
}

/**
 * The fewest paired seeds on which a change can be called, for a chance `falseFlagRate` of calling
 * noise: a sign test's, where every seed moved the same way (odds 2 x 2^-n under noise; 6 seeds at
 * 5%). On fewer, a percentile bootstrap collapses onto the few differences there are and calls
 * every figure that moved (one seed: each at 99.87%).
 */
export function minPairedSeeds(falseFlagRate: number): number {
  return Math.ceil(Math.log2(2 / falseFlagRate));
}

/**
 * Intervals for several figures over the same paired seeds (each figure's samples may cover a
 * subset of them: `seeds` indexes into the shared seed list), all from the same resamples of seeds.
 */
export function pairedBootstrap(figures: readonly (PairedSamples & { readonly seeds: readonly number[] })[], seedCount: number, options: { resamples: number; confidence: number; minSeeds: number; seed: string }): PairedInterval[] {
  const random = new RandomStream(options.seed);
  const { resamples } = options;
  const diffs = figures.map(() => new Float64Array(resamples));
  const ratios = figures.map(() => new Float64Array(resamples));
  // Each figure's value per seed (NaN where that seed has none), so a resample is one pass over seeds.
  const byFigure = figures.map((figure) => {
    const a = new Float64Array(seedCount).fill(NaN);
    const b = new Float64Array(seedCount).fill(NaN);
    figure.seeds.forEach((seed, i) => {
      a[seed] = figure.a[i]!;
      b[seed] = figure.b[i]!;
    });
    return { a, b };
  });
  const drawn = new Int32Array(seedCount);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < seedCount; i++) drawn[i] = random.int(0, seedCount);
    byFigure.forEach(({ a, b }, f) => {
      let sumA = 0;
      let sumB = 0;
      let n = 0;
      for (let i = 0; i < seedCount; i++) {
        const seed = drawn[i]!;
        const x = a[seed]!;
        if (Number.isNaN(x)) continue;
        sumA += x;
        sumB += b[seed]!;
        n++;
      }
      // A resample that drew none of this figure's seeds says nothing about it.
      diffs[f]![r] = n === 0 ? NaN : (sumB - sumA) / n;
      ratios[f]![r] = sumA === 0 ? NaN : sumB / sumA;
    });
  }
  const tail = (1 - options.confidence) / 2;
  return figures.map((figure, f) => {
    const meanA = mean(figure.a);
    const meanB = mean(figure.b);
    const [diffLow, diffHigh] = interval(diffs[f]!, tail);
    const ratioInterval = ratios[f]!.some(Number.isNaN) ? [null, null] : interval(ratios[f]!, tail);
    return {
      a: meanA,
      b: meanB,
      ratio: meanA === 0 ? null : meanB / meanA,
      ciLow: ratioInterval[0] ?? null,
      ciHigh: ratioInterval[1] ?? null,
      significant: figure.seeds.length >= options.minSeeds && diffLow !== null && diffHigh !== null && (diffLow > 0 || diffHigh < 0),
    };
  });
}

/** The percentile interval cutting `tail` off each end; nulls when no resample has a value. */
function interval(values: Float64Array, tail: number): [number | null, number | null] {
  const sorted = values.filter((value) => !Number.isNaN(value)).sort();
  if (sorted.length === 0) return [null, null];
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(q * sorted.length)))]!;
  return [at(tail), at(1 - tail)];
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
