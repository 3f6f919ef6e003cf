// The hunt's memory of what runs have shown. A feature is a coverage point reached, and how often
// in one run (1, 2-3, 4-7, ... times, as AFL buckets hit counts). A run is kept when it shows a
// feature no run before it showed; a kept run is picked to mutate in proportion to its rarity, the
// sum over its features of one over how many runs showed each, so runs that reach what few runs
// reach are mutated most.
import type { RandomStream } from '../sim/random.js';
import type { CoverageCounts } from '../oracle/coverage/recorder.js';

/** Runs kept at most; past it, the least rare goes. */
const CORPUS_MAX = 64;

export interface HuntEntry<T> {
  /** What to mutate (the run's scenario and seed). */
  readonly input: T;
  readonly features: readonly string[];
}

export class HuntCorpus<T> {
  private readonly seen = new Map<string, number>();
  private entries: HuntEntry<T>[] = [];

  get size(): number {
    return this.entries.length;
  }

  /** Counts the run's features; keeps the run if it showed a new one. Returns the points it reached first. */
  add(input: T, coverage: CoverageCounts): string[] {
    const features = featuresOf(coverage);
    const fresh = features.filter((feature) => !this.seen.has(feature));
    for (const feature of features) this.seen.set(feature, (this.seen.get(feature) ?? 0) + 1);
    if (fresh.length > 0) {
      this.entries.push({ input, features });
      if (this.entries.length > CORPUS_MAX) this.entries = this.byRarity().slice(0, CORPUS_MAX);
    }
    return fresh.filter((feature) => !feature.includes('#'));
  }

  /** A kept run, drawn in proportion to its rarity. */
  pick(r: RandomStream): T {
    const weights = this.entries.map((entry) => this.rarity(entry));
    let ticket = r.uniform() * weights.reduce((sum, w) => sum + w, 0);
    for (const [i, weight] of weights.entries()) {
      ticket -= weight;
      if (ticket < 0) return this.entries[i]!.input;
    }
    return this.entries.at(-1)!.input;
  }

  private rarity(entry: HuntEntry<T>): number {
    return entry.features.reduce((sum, feature) => sum + 1 / this.seen.get(feature)!, 0);
  }

  /** Kept runs, rarest first (ties in the order they were kept). */
  private byRarity(): HuntEntry<T>[] {
    return this.entries
      .map((entry, order) => ({ entry, order, rarity: this.rarity(entry) }))
      .sort((a, b) => b.rarity - a.rarity || a.order - b.order)
      .map(({ entry }) => entry);
  }
}

/** Each point reached, and its hit-count bucket ("name#2" for 2-3 hits, "name#4" for 4-7, ...). */
function featuresOf(coverage: CoverageCounts): string[] {
  return Object.entries(coverage).flatMap(([name, hits]) => (hits === 0 ? [] : [name, `${name}#${2 ** Math.floor(Math.log2(hits))}`]));
}
