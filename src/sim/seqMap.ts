// seq -> value, kept as two parallel arrays sorted by seq: no hash table per inbox or device (at a
// million messages V8's Map tables were most of the memory, about 45 bytes an entry against 16
// here). Entries mostly arrive in seq order, so an insert is mostly an append. A device's store of
// messages is one; the oracle's index of an inbox (SeqIndex) is another.
//
// While the seqs run without a gap (an inbox's do, and so do the copies its devices hold, unless
// something went wrong), only the first is kept: seq i is firstSeq + i, and a lookup is an index.
// That halved these maps at a million messages. The first entry off the run spells the seqs out.
//
// The arrays grow by a quarter and their length is kept apart: a pushed array grows by half and 16
// slots, so a typical inbox of 20 entries held 40 slots of 8 bytes in each array.

/** Room for this many entries at first, then a quarter more (and this many) at each growth. */
const GROWTH_SLOTS = 4;

export class SeqMap<V> {
  /** seqs[0..count) ascending, or null while they run without a gap from firstSeq. Slots past count are free. */
  private seqs: number[] | null = null;
  private firstSeq = 0;
  /** values[i] is the value at the i-th seq; its length is the capacity of both arrays. */
  protected values: V[] = [];
  protected count = 0;

  get size(): number {
    return this.count;
  }

  /** The i-th seq in ascending order (0 <= i < size). */
  seqAt(i: number): number {
    return this.seqs === null ? this.firstSeq + i : this.seqs[i]!;
  }

  /** The seqs, ascending (a copy). */
  seqList(): number[] {
    if (this.seqs !== null) return this.seqs.slice(0, this.count);
    const seqs: number[] = [];
    for (let i = 0; i < this.count; i++) seqs.push(this.firstSeq + i);
    return seqs;
  }

  /** A copy (values are shared, not copied). */
  clone(): this {
    const copy = new (this.constructor as new () => this)();
    copy.seqs = this.seqs === null ? null : this.seqs.slice(0, this.count);
    copy.firstSeq = this.firstSeq;
    copy.values = this.values.slice(0, this.count);
    copy.count = this.count;
    return copy;
  }

  /** Inserts even if `seq` is there already (after the entries there). */
  add(seq: number, value: V): void {
    if (this.seqs === null) {
      if (this.count === 0) this.firstSeq = seq;
      if (seq === this.firstSeq + this.count) {
        if (this.count === this.values.length) this.grow();
        this.values[this.count++] = value;
        return;
      }
      this.seqs = this.spelledOut();
    }
    // Mostly an append: no search.
    const at = this.count === 0 || this.seqs[this.count - 1]! <= seq ? this.count : this.firstAbove(seq);
    if (this.count === this.values.length) this.grow();
    const seqs = this.seqs;
    const values = this.values;
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
    if (this.count === 0 || this.maxSeq < seq) return this.add(seq, value);
    const at = this.firstAbove(seq - 1);
    if (at < this.count && this.seqAt(at) === seq) this.values[at] = value;
    else this.add(seq, value);
  }

  /** The value at `seq` (the first, if there are two), or undefined. */
  get(seq: number): V | undefined {
    const at = this.firstAbove(seq - 1);
    return at < this.count && this.seqAt(at) === seq ? this.values[at] : undefined;
  }

  has(seq: number): boolean {
    const at = this.firstAbove(seq - 1);
    return at < this.count && this.seqAt(at) === seq;
  }

  get maxSeq(): number {
    return this.count === 0 ? 0 : this.seqAt(this.count - 1);
  }

  /** Calls `visit` with each seq and its value, in seq order (no pair allocated per entry). */
  forEach(visit: (seq: number, value: V) => void): void {
    for (let i = 0; i < this.count; i++) visit(this.seqAt(i), this.values[i]!);
  }

  /** The values in seq order (a copy). */
  valuesInOrder(): V[] {
    return this.values.slice(0, this.count);
  }

  /** The value of the i-th seq (0 <= i < size). */
  valueAt(i: number): V {
    return this.values[i]!;
  }

  /** Index of the first seq above `seq`: an index while the seqs run without a gap, else a binary search. */
  firstAbove(seq: number): number {
    const seqs = this.seqs;
    if (seqs === null) {
      const above = Math.floor(seq) - this.firstSeq + 1;
      return above >= this.count ? this.count : above > 0 ? above : 0;
    }
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (seqs[mid]! <= seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The run's seqs as an array as long as `values`. */
  private spelledOut(): number[] {
    const seqs = ZEROS.padded([], this.values.length);
    for (let i = 0; i < this.count; i++) seqs[i] = this.firstSeq + i;
    return seqs;
  }

  /** Makes both arrays a quarter larger. */
  private grow(): void {
    const extra = (this.count >> 2) + GROWTH_SLOTS;
    if (this.seqs !== null) this.seqs = ZEROS.padded(this.seqs, extra);
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
