// seq -> value, kept as two parallel arrays sorted by seq: no hash table per inbox or device (at a
// million messages V8's Map tables were most of the memory, about 45 bytes an entry against 16
// here). Entries mostly arrive in seq order, so an insert is mostly an append. A device's store of
// messages is one; the oracle's index of an inbox (SeqIndex) is another.
//
// The arrays grow by a quarter and their length is kept apart: a pushed array grows by half and 16
// slots, so a typical inbox of 20 entries held 40 slots of 8 bytes in each array.

/** Room for this many entries at first, then a quarter more (and this many) at each growth. */
const GROWTH_SLOTS = 4;

export class SeqMap<V> {
  /** seqs[0..count) ascending; values[i] is the value at seqs[i]. Slots past count are free. */
  protected seqs: number[] = [];
  protected values: V[] = [];
  protected count = 0;

  get size(): number {
    return this.count;
  }

  /** The i-th seq in ascending order (0 <= i < size). */
  seqAt(i: number): number {
    return this.seqs[i]!;
  }

  /** The seqs, ascending (a copy). */
  seqList(): number[] {
    return this.seqs.slice(0, this.count);
  }

  /** A copy (values are shared, not copied). */
  clone(): this {
    const copy = new (this.constructor as new () => this)();
    copy.seqs = this.seqs.slice(0, this.count);
    copy.values = this.values.slice(0, this.count);
    copy.count = this.count;
    return copy;
  }

  /** Inserts even if `seq` is there already (after the entries there). */
  add(seq: number, value: V): void {
    // Mostly an append: no search.
    const at = this.count === 0 || this.seqs[this.count - 1]! <= seq ? this.count : this.firstAbove(seq);
    if (this.count === this.seqs.length) this.grow();
    const { seqs, values } = this;
    for (let i = this.count; i > at; i--) {
      seqs[i] = seqs[i - 1]!;
      values[i] = values[i - 1]!;
    }
    seqs[at] = seq;
    values[at] = value;
    this.count++;
  }

  /** Inserts, or replaces the value at `seq`. */
  set(seq: number, value: V): void {
    if (this.count === 0 || this.seqs[this.count - 1]! < seq) return this.add(seq, value);
    const at = this.firstAbove(seq - 1);
    if (at < this.count && this.seqs[at] === seq) this.values[at] = value;
    else this.add(seq, value);
  }

  /** The value at `seq` (the first, if there are two), or undefined. */
  get(seq: number): V | undefined {
    const at = this.firstAbove(seq - 1);
    return at < this.count && this.seqs[at] === seq ? this.values[at] : undefined;
  }

  has(seq: number): boolean {
    const at = this.firstAbove(seq - 1);
    return at < this.count && this.seqs[at] === seq;
  }

  get maxSeq(): number {
    return this.count === 0 ? 0 : this.seqs[this.count - 1]!;
  }

  /** Calls `visit` with each seq and its value, in seq order (no pair allocated per entry). */
  forEach(visit: (seq: number, value: V) => void): void {
    for (let i = 0; i < this.count; i++) visit(this.seqs[i]!, this.values[i]!);
  }

  /** The values in seq order (a copy). */
  valuesInOrder(): V[] {
    return this.values.slice(0, this.count);
  }

  /** Index of the first seq above `seq` (binary search). */
  protected firstAbove(seq: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.seqs[mid]! <= seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Makes both arrays a quarter larger. */
  private grow(): void {
    const extra = (this.count >> 2) + GROWTH_SLOTS;
    this.seqs = ZEROS.padded(this.seqs, extra);
    this.values = (EMPTIES as Pads<unknown>).padded(this.values, extra) as V[];
  }
}

/** Padding, in pieces small enough to stay fast arrays (new Array(n) past about 16,000 is a dictionary). */
const PAD_SLOTS = 4096;

/** Pads of each length up to PAD_SLOTS, made once: growth takes a fixed series of lengths. */
class Pads<T> {
  private readonly full: readonly T[];
  private readonly bySize: (readonly T[] | undefined)[] = [];

  constructor(fill: T) {
    this.full = Array.from({ length: PAD_SLOTS }, () => fill);
  }

  /** `array` with `extra` slots more (concat allocates exactly what it is given). */
  padded(array: T[], extra: number): T[] {
    if (extra <= PAD_SLOTS) return array.concat(this.bySize[extra] ?? (this.bySize[extra] = this.full.slice(0, extra)));
    const pieces: (readonly T[])[] = [];
    for (let left = extra; left > 0; left -= PAD_SLOTS) pieces.push(left >= PAD_SLOTS ? this.full : this.full.slice(0, left));
    return array.concat(...pieces);
  }
}

const ZEROS = new Pads<number>(0);
const EMPTIES = new Pads<undefined>(undefined);
