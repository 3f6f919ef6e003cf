// The ledger's messages by msgId. Ids are dense (the world numbers them from 1 as users compose),
// so an array indexed by id holds them: a Map's hash table cost about 40 bytes more per message,
// which at a million messages was a fifth of the oracle's memory.

export class MessageTable<T> {
  private readonly byId: (T | undefined)[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(id: number): T | undefined {
    return this.byId[id];
  }

  set(id: number, value: T): void {
    if (!Number.isInteger(id) || id < 0) throw new RangeError(`message id ${id}: expected a non-negative integer`);
    // Ids arrive in order; filling a gap keeps the array packed (no dictionary mode).
    while (this.byId.length < id) this.byId.push(undefined);
    if (this.byId[id] === undefined) this.count++;
    this.byId[id] = value;
  }

  *values(): Generator<T> {
    for (const value of this.byId) if (value !== undefined) yield value;
  }
}
