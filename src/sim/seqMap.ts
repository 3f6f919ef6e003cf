// seq -> value, kept as two parallel arrays sorted by seq: no hash table per inbox or device (at a
// million messages V8's Map tables were most of the memory, about 45 bytes an entry against 16
// here). Entries mostly arrive in seq order, so an insert is mostly a push. A device's store of
// messages is one; the oracle's index of an inbox (SeqIndex) is another.

export class SeqMap<V> {
  readonly seqs: number[] = [];
  protected readonly values: V[] = [];

  get size(): number {
    return this.seqs.length;
  }

  /** A copy (values are shared, not copied). */
  clone(): this {
    const copy = new (this.constructor as new () => this)();
    // One at a time: push(...all) overflows V8's stack past about 120,000 entries.
    for (let i = 0; i < this.seqs.length; i++) {
      copy.seqs.push(this.seqs[i]!);
      copy.values.push(this.values[i]!);
    }
    return copy;
  }

  /** Inserts even if `seq` is there already (after the entries there). */
  add(seq: number, value: V): void {
    const at = this.firstAbove(seq);
    if (at === this.seqs.length) {
      this.seqs.push(seq);
      this.values.push(value);
    } else {
      this.seqs.splice(at, 0, seq);
      this.values.splice(at, 0, value);
    }
  }

  /** Inserts, or replaces the value at `seq`. */
  set(seq: number, value: V): void {
    const at = this.firstAbove(seq - 1);
    if (this.seqs[at] === seq) this.values[at] = value;
    else this.add(seq, value);
  }

  /** The value at `seq` (the first, if there are two), or undefined. */
  get(seq: number): V | undefined {
    const at = this.firstAbove(seq - 1);
    return this.seqs[at] === seq ? this.values[at] : undefined;
  }

  has(seq: number): boolean {
    const at = this.firstAbove(seq - 1);
    return this.seqs[at] === seq;
  }

  get maxSeq(): number {
    return this.seqs.length === 0 ? 0 : this.seqs[this.seqs.length - 1]!;
  }

  /** Calls `visit` with each seq and its value, in seq order (no pair allocated per entry). */
  forEach(visit: (seq: number, value: V) => void): void {
    for (let i = 0; i < this.seqs.length; i++) visit(this.seqs[i]!, this.values[i]!);
  }

  /** The values in seq order. */
  valuesInOrder(): readonly V[] {
    return this.values;
  }

  /** Index of the first seq above `seq` (binary search). */
  protected firstAbove(seq: number): number {
    let lo = 0;
    let hi = this.seqs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.seqs[mid]! <= seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
