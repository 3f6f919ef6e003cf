// Deadlines waiting to be judged, earliest first (ties in the order they were set, so the oracle's
// verdicts are deterministic). A binary heap over parallel arrays.

export class DeadlineQueue<T> {
  private readonly atUs: number[] = [];
  private readonly order: number[] = [];
  private readonly items: T[] = [];
  private nextOrder = 0;

  get size(): number {
    return this.items.length;
  }

  push(atUs: number, item: T): void {
    this.atUs.push(atUs);
    this.order.push(this.nextOrder++);
    this.items.push(item);
    this.up(this.items.length - 1);
  }

  /** Takes every item due at or before `nowUs`, earliest first, and hands each to `visit`. */
  popDue(nowUs: number, visit: (item: T, atUs: number) => void): void {
    while (this.items.length > 0 && this.atUs[0]! <= nowUs) {
      const atUs = this.atUs[0]!;
      const item = this.items[0]!;
      this.removeTop();
      visit(item, atUs);
    }
  }

  private before(i: number, j: number): boolean {
    return this.atUs[i]! < this.atUs[j]! || (this.atUs[i] === this.atUs[j] && this.order[i]! < this.order[j]!);
  }

  /** Plain temporaries: a destructuring swap allocates an array per call on the hot path. */
  private swap(i: number, j: number): void {
    const atUs = this.atUs[i]!;
    this.atUs[i] = this.atUs[j]!;
    this.atUs[j] = atUs;
    const order = this.order[i]!;
    this.order[i] = this.order[j]!;
    this.order[j] = order;
    const item = this.items[i]!;
    this.items[i] = this.items[j]!;
    this.items[j] = item;
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private removeTop(): void {
    const last = this.items.length - 1;
    this.swap(0, last);
    this.atUs.pop();
    this.order.pop();
    this.items.pop();
    for (let i = 0; ; ) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < this.items.length && this.before(left, smallest)) smallest = left;
      if (right < this.items.length && this.before(right, smallest)) smallest = right;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }
}
