// Seeded random streams. One root seed forks one named stream per component, each seeded from
// (root, name) alone, so adding a component never shifts another component's draws.
import { ALEA_WORDS, aleaNext, aleaSeed } from './alea.js';
import { roundWhole } from './time.js';

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

// A stream's whole state in one Float64Array: the generator's words, then these.
const SPARE_NORMAL = ALEA_WORDS;
const LAST_MEDIAN_US = ALEA_WORDS + 1;
const LAST_P99_US = ALEA_WORDS + 2;
const LAST_SIGMA = ALEA_WORDS + 3;
const STATE_WORDS = ALEA_WORDS + 4;

export class RandomStream {
  /**
   * Its state at `state[base..base+STATE_WORDS)`: the generator, a spare normal draw (NaN: none),
   * and the last latency shape drawn from with its sigma (a stream draws from one link or disk again
   * and again). Plain numbers in a typed array shared with other streams: as object fields each
   * would be boxed, and a typed array of its own costs about 250 bytes.
   */
  constructor(
    seed: string,
    private readonly state = new Float64Array(STATE_WORDS),
    private readonly base = 0,
  ) {
    aleaSeed(state, base, seed);
    state[base + SPARE_NORMAL] = NaN;
    state[base + LAST_MEDIAN_US] = NaN;
    state[base + LAST_P99_US] = NaN;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.next();
  }

  private next(): number {
    return aleaNext(this.state, this.base);
  }

  /** Uniform integer in [lo, hiExclusive). */
  int(lo: number, hiExclusive: number): number {
    if (!(hiExclusive > lo)) throw new RangeError(`int(${lo}, ${hiExclusive}): empty range`);
    return lo + Math.floor(this.next() * (hiExclusive - lo));
  }

  bernoulli(probability: number): boolean {
    return probability > 0 && this.next() < probability;
  }

  /** Exponential with the given mean (e.g. the gap between Poisson arrivals). */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** Standard normal (Box-Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    const { state, base } = this;
    const spare = state[base + SPARE_NORMAL]!;
    if (!Number.isNaN(spare)) {
      state[base + SPARE_NORMAL] = NaN;
      return spare;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - this.next()));
    const angle = 2 * Math.PI * this.next();
    state[base + SPARE_NORMAL] = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /**
   * A latency drawn from the log-normal distribution with the given median and 99th percentile,
   * the usual shape of network and disk latency: most draws near the median, a long right tail.
   * Rounded to whole microseconds so virtual time stays integral; truncated at
   * LATENCY_MAX_SIGMAS, so never above latencyMaxUs.
   */
  latency(medianUs: number, p99Us: number): number {
    if (p99Us <= medianUs) return roundWhole(medianUs);
    const z = Math.min(LATENCY_MAX_SIGMAS, Math.max(-LATENCY_MAX_SIGMAS, this.normal()));
    const { state, base } = this;
    if (medianUs !== state[base + LAST_MEDIAN_US] || p99Us !== state[base + LAST_P99_US]) {
      state[base + LAST_MEDIAN_US] = medianUs;
      state[base + LAST_P99_US] = p99Us;
      state[base + LAST_SIGMA] = latencySigma(medianUs, p99Us);
    }
    return roundWhole(medianUs * Math.exp(state[base + LAST_SIGMA]! * z));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.int(0, items.length)]!;
  }
}

/** Streams whose states share one typed array; a full chunk is never moved, so streams keep theirs. */
const STREAMS_PER_CHUNK = 256;

export class RandomStreams {
  private readonly streams = new Map<string, RandomStream>();
  private chunk = new Float64Array(0);
  private chunkUsed = 0;

  constructor(readonly rootSeed: string) {}

  /** The stream named `name`; the same name always returns the same stream. */
  stream(name: string): RandomStream {
    let stream = this.streams.get(name);
    if (stream === undefined) this.streams.set(name, (stream = this.fork(name)));
    return stream;
  }

  /**
   * A new stream named `name`, not kept here: for a caller that keeps its streams itself (a process,
   * the network per endpoint), so that a name is not held twice (its key and entry here cost about
   * 150 bytes a stream, and a big run has several per device). Such a caller asks for each name once.
   */
  fork(name: string): RandomStream {
    if (this.chunkUsed === this.chunk.length) {
      this.chunk = new Float64Array(STREAMS_PER_CHUNK * STATE_WORDS);
      this.chunkUsed = 0;
    }
    const stream = new RandomStream(`${this.rootSeed}/${name}`, this.chunk, this.chunkUsed);
    this.chunkUsed += STATE_WORDS;
    return stream;
  }
}
