// A compact latency histogram for pooling a sweep's deliveries: log-spaced buckets (BUCKETS_PER_DECADE
// per factor of ten, each about 6% wide), kept sparse as [bucket, count] pairs in bucket order. A
// run's thousands of samples become a few dozen numbers; pooled percentiles read off the merged
// histogram are within one bucket (6%) of the exact ones.

export const BUCKETS_PER_DECADE = 40;
/** Samples at or below this fall in bucket 0. */
const FLOOR_US = 10;

/** [bucket, count] pairs, buckets rising. */
export type Histogram = readonly (readonly [number, number])[];

function bucketOf(valueUs: number): number {
  return valueUs <= FLOOR_US ? 0 : Math.ceil(Math.log10(valueUs / FLOOR_US) * BUCKETS_PER_DECADE);
}

/** The largest value in a bucket, in milliseconds. */
function upperEdgeMs(bucket: number): number {
  return (FLOOR_US * 10 ** (bucket / BUCKETS_PER_DECADE)) / 1000;
}

export function histogramOf(samplesUs: readonly number[]): Histogram {
  const counts = new Map<number, number>();
  for (const valueUs of samplesUs) {
    const bucket = bucketOf(valueUs);
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => a[0] - b[0]);
}

export function mergeHistograms(histograms: readonly Histogram[]): Histogram {
  const counts = new Map<number, number>();
  for (const histogram of histograms) for (const [bucket, count] of histogram) counts.set(bucket, (counts.get(bucket) ?? 0) + count);
  return [...counts].sort((a, b) => a[0] - b[0]);
}

/** The q-quantile (nearest rank), as its bucket's upper edge in milliseconds; 0 if empty. */
export function quantileMs(histogram: Histogram, q: number): number {
  const total = histogram.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return 0;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const [bucket, count] of histogram) {
    seen += count;
    if (seen >= rank) return upperEdgeMs(bucket);
  }
  return upperEdgeMs(histogram[histogram.length - 1]![0]);
}
