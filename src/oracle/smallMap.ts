// A number -> number map for a handful of entries (a message's commits: one per target inbox). A
// 1:1 message has two (the recipient's inbox and the sender's own), so the first two entries live
// in fields and only a group message's further entries in an array: a Map costs a hash table even
// for two entries, and an array of pairs cost an object, its elements and a copy per commit (at a
// million messages about 110 bytes a message, against 64 here).

const EMPTY: readonly number[] = [];
/** Keys are never negative (user ids): this marks a free field. */
const NONE = -1;

export class SmallMap {
  private key0 = NONE;
  private value0 = 0;
  private key1 = NONE;
  private value1 = 0;
  /** Entries past the second: key, value, key, value, ... in insertion order. */
  private rest: readonly number[] = EMPTY;

  get size(): number {
    return this.key0 === NONE ? 0 : this.key1 === NONE ? 1 : 2 + this.rest.length / 2;
  }

  get(key: number): number | undefined {
    if (this.key0 === key) return this.value0;
    if (this.key1 === key) return this.value1;
    const rest = this.rest;
    for (let i = 0; i < rest.length; i += 2) if (rest[i] === key) return rest[i + 1];
    return undefined;
  }

  has(key: number): boolean {
    return this.get(key) !== undefined;
  }

  set(key: number, value: number): void {
    if (key < 0) throw new RangeError(`SmallMap key ${key}: keys are never negative`);
    if (this.key0 === NONE || this.key0 === key) {
      this.key0 = key;
      this.value0 = value;
    } else if (this.key1 === NONE || this.key1 === key) {
      this.key1 = key;
      this.value1 = value;
    } else {
      const rest = this.rest;
      for (let i = 0; i < rest.length; i += 2) {
        if (rest[i] === key) {
          const copy = rest.slice();
          copy[i + 1] = value;
          this.rest = copy;
          return;
        }
      }
      // concat leaves no slack (a spread or a push keeps room for 20 numbers).
      this.rest = rest.concat([key, value]);
    }
  }

  /** The i-th key in insertion order (0 <= i < size); read by index, as an iterator allocates per entry. */
  keyAt(i: number): number {
    return i === 0 ? this.key0 : i === 1 ? this.key1 : this.rest[2 * (i - 2)]!;
  }

  valueAt(i: number): number {
    return i === 0 ? this.value0 : i === 1 ? this.value1 : this.rest[2 * (i - 2) + 1]!;
  }
}
