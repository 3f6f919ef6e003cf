// A map from non-negative integer keys to values that allocates nothing once its table has grown:
// open addressing with linear probing, and deletion by shifting the probe run back (no tombstones).
// It is for maps that fill and empty all run long (requests in flight, appends under way): V8's Map
// reallocates its table every time a small map empties (measured: 30 bytes per event on baseline,
// a quarter of them Map tables). The table never shrinks; iteration is in no particular order, so
// use it where nothing depends on the order.

/** Marks a free slot: keys are never negative. */
const FREE = -1;
const INITIAL_CAPACITY = 8;

export class NumberMap<V> {
  private keys = new Float64Array(INITIAL_CAPACITY).fill(FREE);
  private values: (V | undefined)[] = new Array<V | undefined>(INITIAL_CAPACITY).fill(undefined);
  /** log2 of the capacity: the hash's top bits pick the home slot. */
  private bits = Math.log2(INITIAL_CAPACITY);
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(key: number): V | undefined {
    const slot = this.find(key);
    return slot < 0 ? undefined : this.values[slot];
  }

  has(key: number): boolean {
    return this.find(key) >= 0;
  }

  set(key: number, value: V): void {
    if (!(key >= 0 && Number.isSafeInteger(key))) throw new RangeError(`NumberMap key ${key}: expected a non-negative integer`);
    const keys = this.keys;
    const mask = keys.length - 1;
    let slot = this.home(key);
    for (;;) {
      const found = keys[slot]!;
      if (found === key) {
        this.values[slot] = value;
        return;
      }
      if (found === FREE) break;
      slot = (slot + 1) & mask;
    }
    keys[slot] = key;
    this.values[slot] = value;
    // Kept at most half full, so that probe runs stay short.
    if (++this.count * 2 > keys.length) this.grow();
  }

  delete(key: number): boolean {
    let hole = this.find(key);
    if (hole < 0) return false;
    const keys = this.keys;
    const values = this.values;
    const mask = keys.length - 1;
    // Shift back every later key of the probe run that may live at the hole (its home is not
    // cyclically in (hole, slot]), so that a lookup never stops early at a free slot.
    for (let slot = (hole + 1) & mask; keys[slot] !== FREE; slot = (slot + 1) & mask) {
      const home = this.home(keys[slot]!);
      if (((slot - home) & mask) >= ((slot - hole) & mask)) {
        keys[hole] = keys[slot]!;
        values[hole] = values[slot];
        hole = slot;
      }
    }
    keys[hole] = FREE;
    values[hole] = undefined;
    this.count--;
    return true;
  }

  clear(): void {
    if (this.count === 0) return;
    this.keys.fill(FREE);
    this.values.fill(undefined);
    this.count = 0;
  }

  /** Whether some entry satisfies `test` (visited in no particular order). */
  some(test: (key: number, value: V) => boolean): boolean {
    const keys = this.keys;
    for (let slot = 0; slot < keys.length; slot++) {
      if (keys[slot] !== FREE && test(keys[slot]!, this.values[slot]!)) return true;
    }
    return false;
  }

  /** The keys, ascending (an order that does not depend on the table's history). */
  sortedKeys(): number[] {
    const found: number[] = [];
    for (const key of this.keys) if (key !== FREE) found.push(key);
    return found.sort((x, y) => x - y);
  }

  /** Deletes every entry that satisfies `test`. */
  deleteWhere(test: (key: number, value: V) => boolean): void {
    const doomed: number[] = [];
    const keys = this.keys;
    for (let slot = 0; slot < keys.length; slot++) {
      if (keys[slot] !== FREE && test(keys[slot]!, this.values[slot]!)) doomed.push(keys[slot]!);
    }
    for (const key of doomed) this.delete(key);
  }

  private find(key: number): number {
    const keys = this.keys;
    const mask = keys.length - 1;
    for (let slot = this.home(key); ; slot = (slot + 1) & mask) {
      const found = keys[slot]!;
      if (found === key) return slot;
      if (found === FREE) return -1;
    }
  }

  /** Fibonacci hashing of both 32-bit halves (request ids carry an incarnation in the high half). */
  private home(key: number): number {
    return Math.imul((key | 0) ^ ((key / 4294967296) | 0), 0x9e3779b1) >>> (32 - this.bits);
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    this.bits++;
    this.keys = new Float64Array(oldKeys.length * 2).fill(FREE);
    this.values = new Array<V | undefined>(oldKeys.length * 2).fill(undefined);
    const mask = this.keys.length - 1;
    for (let old = 0; old < oldKeys.length; old++) {
      const key = oldKeys[old]!;
      if (key === FREE) continue;
      let slot = this.home(key);
      while (this.keys[slot] !== FREE) slot = (slot + 1) & mask;
      this.keys[slot] = key;
      this.values[slot] = oldValues[old];
    }
  }
}
