// Seeded random streams. One root seed forks one named stream per component, each seeded from
// (root, name) alone, so adding a component never shifts another component's draws.
import { Alea } from './alea.js';

/** z-score of the 99th percentile of the standard normal distribution. */
const Z_P99 = 2.326347874040841;

/**
 * Latency draws are log-normal truncated at this many standard deviations (a draw beyond it has
 * odds of about 2e-9). The truncation gives every link and disk a hard maximum, so the oracle can
 * derive deadlines that no correct run can miss (see latencyMaxUs).
 */
export const LATENCY_MAX_SIGMAS = 6;

/** The log-normal's sigma for a median and a 99th percentile. */
function latencySigma(medianUs: number, p99Us: number): number {
  return Math.log(p99Us / medianUs) / Z_P99;
}

/** The largest value `latency(medianUs, p99Us)` can return. */
export function latencyMaxUs(medianUs: number, p99Us: number): number {
  if (p99Us <= medianUs) return Math.round(medianUs);
  return Math.round(medianUs * Math.exp(LATENCY_MAX_SIGMAS * latencySigma(medianUs, p99Us)));
}

export class RandomStream {
  private readonly generator: Alea;
  private spareNormal = NaN;
  /** The last latency shape drawn from, and its sigma: a stream draws from one link or disk again and again. */
  private lastMedianUs = NaN;
  private lastP99Us = NaN;
  private lastSigma = 0;

  constructor(readonly seed: string) {
    this.generator = new Alea(seed);
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.generator.next();
  }

  /** Uniform integer in [lo, hiExclusive). */
  int(lo: number, hiExclusive: number): number {
    if (!(hiExclusive > lo)) throw new RangeError(`int(${lo}, ${hiExclusive}): empty range`);
    return lo + Math.floor(this.generator.next() * (hiExclusive - lo));
  }

  bernoulli(probability: number): boolean {
    return probability > 0 && this.generator.next() < probability;
  }

  /** Exponential with the given mean (e.g. the gap between Poisson arrivals). */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.generator.next());
  }

  /** Standard normal (Box-Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const spare = this.spareNormal;
      this.spareNormal = NaN;
      return spare;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - this.generator.next()));
    const angle = 2 * Math.PI * this.generator.next();
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /**
   * A latency drawn from the log-normal distribution with the given median and 99th percentile,
   * the usual shape of network and disk latency: most draws near the median, a long right tail.
   * Rounded to whole microseconds so virtual time stays integral; truncated at
   * LATENCY_MAX_SIGMAS, so never above latencyMaxUs.
   */
  latency(medianUs: number, p99Us: number): number {
    if (p99Us <= medianUs) return Math.round(medianUs);
    const z = Math.min(LATENCY_MAX_SIGMAS, Math.max(-LATENCY_MAX_SIGMAS, this.normal()));
    if (medianUs !== this.lastMedianUs || p99Us !== this.lastP99Us) {
      this.lastMedianUs = medianUs;
      this.lastP99Us = p99Us;
      this.lastSigma = latencySigma(medianUs, p99Us);
    }
    return Math.round(medianUs * Math.exp(this.lastSigma * z));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.int(0, items.length)]!;
  }
}

export class RandomStreams {
  private readonly streams = new Map<string, RandomStream>();

  constructor(readonly rootSeed: string) {}

  /** The stream named `name`; the same name always returns the same stream. */
  stream(name: string): RandomStream {
    let stream = this.streams.get(name);
    if (stream === undefined) {
      stream = new RandomStream(`${this.rootSeed}/${name}`);
      this.streams.set(name, stream);
    }
    return stream;
  }
}
