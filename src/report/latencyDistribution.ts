// A latency distribution ready to plot: a histogram over a log scale of milliseconds and the
// empirical CDF, both bounded in size whatever the number of samples.

const BINS_PER_DECADE = 10;
const CDF_POINTS_MAX = 200;
/** Latencies below this are drawn at it (a log scale has no zero). */
const FLOOR_MS = 0.1;

export interface LatencyBin {
  readonly fromMs: number;
  readonly toMs: number;
  readonly count: number;
}

export interface LatencyDistribution {
  readonly count: number;
  /** The plots' x range: whole decades around the samples. */
  readonly fromMs: number;
  readonly toMs: number;
  readonly bins: readonly LatencyBin[];
  /** Points [latency in ms, share of deliveries at or below it], rising, ending at share 1. */
  readonly cdf: readonly (readonly [number, number])[];
}

export function latencyDistribution(samplesUs: readonly number[]): LatencyDistribution {
  const count = samplesUs.length;
  if (count === 0) return { count, fromMs: 1, toMs: 1000, bins: [], cdf: [] };
  const sortedMs = Float64Array.from(samplesUs, (us) => Math.max(FLOOR_MS, us / 1000)).sort();
  const lowDecade = Math.floor(Math.log10(sortedMs[0]!));
  const highDecade = Math.max(lowDecade + 1, Math.ceil(Math.log10(sortedMs[count - 1]!)));
  const counts = new Array<number>((highDecade - lowDecade) * BINS_PER_DECADE).fill(0);
  for (const valueMs of sortedMs) {
    const bin = Math.floor((Math.log10(valueMs) - lowDecade) * BINS_PER_DECADE);
    counts[Math.min(counts.length - 1, bin)]!++;
  }
  const edgeMs = (bin: number) => 10 ** (lowDecade + bin / BINS_PER_DECADE);
  const bins = counts.map((binCount, bin) => ({ fromMs: edgeMs(bin), toMs: edgeMs(bin + 1), count: binCount }));
  const step = Math.max(1, Math.ceil(count / CDF_POINTS_MAX));
  const cdf: [number, number][] = [];
  for (let rank = step - 1; rank < count - 1; rank += step) cdf.push([sortedMs[rank]!, (rank + 1) / count]);
  cdf.push([sortedMs[count - 1]!, 1]);
  return { count, fromMs: 10 ** lowDecade, toMs: 10 ** highDecade, bins, cdf };
}
