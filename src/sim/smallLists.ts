// A short list of numbers per small dense id (a device's unsettled sends, a user's recent send
// times), for lists that hold none, one or a few all run. A list of one is kept as the number
// itself, and a longer one as an array without slack. A pushed array keeps room for 16 more: a
// list per device held 184 bytes all run, most of them empty.
import { checkDenseId } from './idMap.js';

type List = number | number[] | undefined;

export class SmallLists {
  private readonly byId: List[] = [];

  /** How many values `id` holds. */
  size(id: number): number {
    const list = this.byId[id];
    return list === undefined ? 0 : typeof list === 'number' ? 1 : list.length;
  }

  /** The i-th value of `id` (0 <= i < size). */
  at(id: number, i: number): number {
    const list = this.byId[id]!;
    return typeof list === 'number' ? list : list[i]!;
  }

  has(id: number, value: number): boolean {
    const list = this.byId[id];
    return list === undefined ? false : typeof list === 'number' ? list === value : list.includes(value);
  }

  /** Appends `value` to `id`'s list. */
  add(id: number, value: number): void {
    this.insertAt(id, this.size(id), value);
  }

  /** Inserts `value` after every value not above it (the list stays ascending if it was). */
  addSorted(id: number, value: number): void {
    let at = this.size(id);
    while (at > 0 && this.at(id, at - 1) > value) at--;
    this.insertAt(id, at, value);
  }

  /** Removes the first `value` of `id`'s list, if there is one. */
  remove(id: number, value: number): void {
    const list = this.byId[id];
    if (typeof list === 'number') {
      if (list === value) this.byId[id] = undefined;
    } else if (list !== undefined) {
      const at = list.indexOf(value);
      if (at >= 0) this.store(id, list.filter((_, i) => i !== at));
    }
  }

  /** Drops the leading values not above `bound` (of an ascending list: all of them); returns how many are left. */
  dropThrough(id: number, bound: number): number {
    const list = this.byId[id];
    if (list === undefined) return 0;
    if (typeof list === 'number') {
      if (list > bound) return 1;
      this.byId[id] = undefined;
      return 0;
    }
    let first = 0;
    while (first < list.length && list[first]! <= bound) first++;
    if (first > 0) this.store(id, list.slice(first));
    return list.length - first;
  }

  private insertAt(id: number, at: number, value: number): void {
    const list = this.byId[id];
    if (list === undefined) {
      checkDenseId(id);
      // Filling the gap keeps the array packed (a hole past its end would make it a dictionary).
      while (this.byId.length < id) this.byId.push(undefined);
      this.byId[id] = value;
    } else if (typeof list === 'number') this.byId[id] = at === 0 ? [value, list] : [list, value];
    else this.byId[id] = list.slice(0, at).concat(value, list.slice(at));
  }

  /** Keeps `values` as `id`'s list: none, the number itself, or the array. */
  private store(id: number, values: number[]): void {
    this.byId[id] = values.length === 0 ? undefined : values.length === 1 ? values[0]! : values;
  }
}
