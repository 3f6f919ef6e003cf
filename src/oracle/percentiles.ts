// Latency percentiles, computed deterministically (nearest rank over the sorted samples).

export interface Percentiles {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

export const NO_SAMPLES: Percentiles = { count: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 };

/** The percentiles of the samples of every list together (copied once, into the array that is sorted). */
export function percentiles(...lists: (readonly number[])[]): Percentiles {
  const count = lists.reduce((sum, samples) => sum + samples.length, 0);
  if (count === 0) return NO_SAMPLES;
  const sorted = new Float64Array(count);
  let at = 0;
  for (const samples of lists) {
    sorted.set(samples, at);
    at += samples.length;
  }
  sorted.sort();
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
  return { count: sorted.length, p50: rank(0.5), p90: rank(0.9), p99: rank(0.99), p999: rank(0.999), max: sorted[sorted.length - 1]! };
}

/** The same percentiles with every value divided by `divisor` (e.g. microseconds to milliseconds). */
export function scaled(p: Percentiles, divisor: number): Percentiles {
  return { count: p.count, p50: p.p50 / divisor, p90: p.p90 / divisor, p99: p.p99 / divisor, p999: p.p999 / divisor, max: p.max / divisor };
}
