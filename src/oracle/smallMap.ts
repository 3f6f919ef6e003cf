// A number -> number map for a handful of entries (a message's commits: one per target inbox),
// kept as one flat array. A Map costs a hash table even for two entries; at a million messages
// that was most of the oracle's memory.

export class SmallMap {
  /** key, value, key, value, ... in insertion order. */
  private readonly pairs: number[] = [];

  get size(): number {
    return this.pairs.length / 2;
  }

  get(key: number): number | undefined {
    const pairs = this.pairs;
    for (let i = 0; i < pairs.length; i += 2) if (pairs[i] === key) return pairs[i + 1];
    return undefined;
  }

  has(key: number): boolean {
    return this.get(key) !== undefined;
  }

  set(key: number, value: number): void {
    const pairs = this.pairs;
    for (let i = 0; i < pairs.length; i += 2) {
      if (pairs[i] === key) {
        pairs[i + 1] = value;
        return;
      }
    }
    pairs.push(key, value);
  }

  *[Symbol.iterator](): Generator<[number, number]> {
    const pairs = this.pairs;
    for (let i = 0; i < pairs.length; i += 2) yield [pairs[i]!, pairs[i + 1]!];
  }
}
