// A growable list of unsigned 32-bit integers in one typed array: 4 bytes an item, where a JS array
// of small integers takes 8 (Node's V8 keeps full-width pointers) and grows by half and 16 slots.
import { grownByHalf, grownTo } from './doubled.js';

const INITIAL_CAPACITY = 16;

export class Uint32List {
  private items = new Uint32Array(INITIAL_CAPACITY);
  private count = 0;

  get length(): number {
    return this.count;
  }

  /** The item at `index`, or undefined past the end. */
  at(index: number): number | undefined {
    return index < this.count ? this.items[index] : undefined;
  }

  /** Appends `item`; returns the new length. */
  push(item: number): number {
    if (this.count === this.items.length) this.items = grownTo(this.items, grownByHalf(this.items.length));
    this.items[this.count++] = item;
    return this.count;
  }

  /** Drops every item past the first `length` (a longer `length` changes nothing). */
  truncate(length: number): void {
    if (length < this.count) this.count = length;
  }

  /** Items from `from` up to (not including) `to`, as a new array. */
  slice(from: number, to: number = this.count): number[] {
    return Array.from(this.items.subarray(from, Math.min(to, this.count)));
  }
}
