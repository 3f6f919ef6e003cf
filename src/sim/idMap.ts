// A map from small dense ids (users, process ids, msgIds) to values: an array indexed by id. At
// 100,000 users and a million messages a Map's hash table cost about 40 bytes more per entry, and
// each lookup a cache miss; these ids count up from 0 or 1, so an array wastes nothing.
// Iteration is in id order.

/** Ids at or above this are not dense ids: a bug, not a big world. */
export const ID_LIMIT = 2 ** 31;

/** Throws unless `id` is a small dense id (an integer in [0, ID_LIMIT)). */
export function checkDenseId(id: number): void {
  if (!Number.isInteger(id) || id < 0 || id >= ID_LIMIT) throw new RangeError(`id ${id}: expected an integer in [0, 2^31)`);
}

export class IdMap<V> {
  private readonly byId: (V | undefined)[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(id: number): V | undefined {
    return this.byId[id];
  }

  has(id: number): boolean {
    return this.byId[id] !== undefined;
  }

  set(id: number, value: V): void {
    checkDenseId(id);
    // Filling the gap keeps the array packed (a hole past its end would make it a dictionary).
    while (this.byId.length < id) this.byId.push(undefined);
    if (this.byId[id] === undefined) this.count++;
    this.byId[id] = value;
  }

  delete(id: number): boolean {
    if (this.byId[id] === undefined) return false;
    this.byId[id] = undefined;
    this.count--;
    return true;
  }

  /** Calls `visit` with each value and its id, in id order (it may delete the one it is given). */
  forEach(visit: (value: V, id: number) => void): void {
    const byId = this.byId;
    for (let id = 0; id < byId.length; id++) {
      const value = byId[id];
      if (value !== undefined) visit(value, id);
    }
  }

  *values(): Generator<V> {
    for (const value of this.byId) if (value !== undefined) yield value;
  }
}
