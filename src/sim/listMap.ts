// A map kept as two arrays in insertion order, for maps of a few entries that fill and empty all
// run long and are iterated in insertion order (a device's outbox): V8's Map reallocates its table
// every time it empties (at 100,000 devices these tables were a tenth of what died in the old
// generation), and NumberMap has no order. Lookups are linear: keep it to small maps.

export class ListMap<K, V> {
  private keyList: K[] = [];
  private valueList: V[] = [];

  get size(): number {
    return this.keyList.length;
  }

  get(key: K): V | undefined {
    const at = this.keyList.indexOf(key);
    return at < 0 ? undefined : this.valueList[at];
  }

  has(key: K): boolean {
    return this.keyList.includes(key);
  }

  /** Replaces the value of a key already there (keeping its place), or adds it last. */
  set(key: K, value: V): void {
    const at = this.keyList.indexOf(key);
    if (at >= 0) this.valueList[at] = value;
    else {
      this.keyList.push(key);
      this.valueList.push(value);
    }
  }

  delete(key: K): boolean {
    const at = this.keyList.indexOf(key);
    if (at < 0) return false;
    removeAt(this.keyList, at);
    removeAt(this.valueList, at);
    return true;
  }

  /** The keys in insertion order (a copy: safe to change the map while walking it). */
  keys(): K[] {
    return this.keyList.slice();
  }

  /** The values in insertion order (a copy). */
  values(): V[] {
    return this.valueList.slice();
  }

  /** A copy (values are shared, not copied). */
  clone(): ListMap<K, V> {
    const copy = new ListMap<K, V>();
    copy.keyList = this.keyList.slice();
    copy.valueList = this.valueList.slice();
    return copy;
  }
}

/** Removes list[at] in place (splice would allocate the removed part). */
function removeAt<T>(list: T[], at: number): void {
  for (let i = at + 1; i < list.length; i++) list[i - 1] = list[i]!;
  list.length--;
}
