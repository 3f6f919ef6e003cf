// The kernel's pending-event queue (and the oracle's deadlines): a priority queue of slots (small integers) ordered by
// (time, insertion order). Ties in time break by insertion order, which makes a run reproducible.
import { grownByHalf, grownTo } from './doubled.js';

/** What pop returns when the queue is empty. */
export const EMPTY = -1;

export interface EventQueue {
  readonly size: number;
  /** Adds a slot due at `timeUs`; equal times pop in the order they were pushed. */
  push(timeUs: number, slot: number): void;
  /** Time of the earliest slot; Infinity when empty. */
  peekTime(): number;
  /** Removes and returns the earliest slot (EMPTY if none); its time is left in `lastTimeUs`. */
  pop(): number;
  readonly lastTimeUs: number;
  clear(): void;
}

/**
 * Children per node. At 600k pending events (a scale run's start) a pop's sift is a cache miss per
 * level in each array; four children halve the levels, and their four times lie within 32 bytes.
 */
const ARITY_BITS = 2;
const ARITY = 1 << ARITY_BITS;

/**
 * A 4-ary heap over parallel typed arrays: keys and slots sit in contiguous typed arrays, so a
 * sift touches no object and no GC write barrier. Measured 2-8x faster than a heap of objects.
 */
export class TypedHeapQueue implements EventQueue {
  private times: Float64Array;
  private seqs: Float64Array;
  private items: Int32Array;
  private count = 0;
  private nextSeq = 0;
  lastTimeUs = 0;

  constructor(initialCapacity = 1024) {
    const capacity = Math.max(4, initialCapacity);
    this.times = new Float64Array(capacity);
    this.seqs = new Float64Array(capacity);
    this.items = new Int32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(timeUs: number, item: number): void {
    this.pushKeyed(timeUs, this.nextSeq++, item);
  }

  /** Takes the insertion-order number the next push would get, for an entry kept outside the heap a while. */
  takeSeq(): number {
    return this.nextSeq++;
  }

  /** Adds an item with an insertion-order number taken earlier (takeSeq), so it sorts as if pushed then. */
  pushKeyed(timeUs: number, seq: number, item: number): void {
    if (this.count === this.times.length) this.grow();
    const times = this.times;
    const seqs = this.seqs;
    const items = this.items;
    // Sift the hole up from the end, then drop the new key into it.
    let hole = this.count++;
    while (hole > 0) {
      const parent = (hole - 1) >> ARITY_BITS;
      const parentTime = times[parent]!;
      if (parentTime < timeUs || (parentTime === timeUs && seqs[parent]! < seq)) break;
      times[hole] = parentTime;
      seqs[hole] = seqs[parent]!;
      items[hole] = items[parent]!;
      hole = parent;
    }
    times[hole] = timeUs;
    seqs[hole] = seq;
    items[hole] = item;
  }

  peekTime(): number {
    return this.count === 0 ? Infinity : this.times[0]!;
  }

  pop(): number {
    if (this.count === 0) return EMPTY;
    const times = this.times;
    const seqs = this.seqs;
    const items = this.items;
    const top = items[0]!;
    this.lastTimeUs = times[0]!;
    const last = --this.count;
    const lastTime = times[last]!;
    const lastSeq = seqs[last]!;
    const lastItem = items[last]!;
    if (last === 0) return top;
    // Sift the hole down from the root, then drop the former last key into it.
    let hole = 0;
    for (;;) {
      const first = ARITY * hole + 1;
      if (first >= last) break;
      // The earliest of its children (up to ARITY, side by side in each array).
      let child = first;
      let childTime = times[first]!;
      const end = Math.min(first + ARITY, last);
      for (let next = first + 1; next < end; next++) {
        const nextTime = times[next]!;
        if (nextTime < childTime || (nextTime === childTime && seqs[next]! < seqs[child]!)) {
          child = next;
          childTime = nextTime;
        }
      }
      if (lastTime < childTime || (lastTime === childTime && lastSeq < seqs[child]!)) break;
      times[hole] = childTime;
      seqs[hole] = seqs[child]!;
      items[hole] = items[child]!;
      hole = child;
    }
    times[hole] = lastTime;
    seqs[hole] = lastSeq;
    items[hole] = lastItem;
    return top;
  }

  clear(): void {
    this.count = 0;
  }

  private grow(): void {
    const capacity = grownByHalf(this.times.length);
    this.times = grownTo(this.times, capacity);
    this.seqs = grownTo(this.seqs, capacity);
    this.items = grownTo(this.items, capacity);
  }
}

interface HeapEntry {
  timeUs: number;
  seq: number;
  item: number;
}

/** The textbook heap of objects: the baseline the typed heap is measured and tested against. */
export class ObjectHeapQueue implements EventQueue {
  private heap: HeapEntry[] = [];
  private nextSeq = 0;
  lastTimeUs = 0;

  get size(): number {
    return this.heap.length;
  }

  push(timeUs: number, item: number): void {
    const heap = this.heap;
    const entry = { timeUs, seq: this.nextSeq++, item };
    let index = heap.push(entry) - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(entry, heap[parent]!)) break;
      heap[index] = heap[parent]!;
      index = parent;
    }
    heap[index] = entry;
  }

  peekTime(): number {
    return this.heap.length === 0 ? Infinity : this.heap[0]!.timeUs;
  }

  pop(): number {
    const heap = this.heap;
    const top = heap[0];
    if (top === undefined) return EMPTY;
    this.lastTimeUs = top.timeUs;
    const last = heap.pop()!;
    if (heap.length > 0) {
      let index = 0;
      for (;;) {
        const left = 2 * index + 1;
        if (left >= heap.length) break;
        const right = left + 1;
        const child = right < heap.length && before(heap[right]!, heap[left]!) ? right : left;
        if (!before(heap[child]!, last)) break;
        heap[index] = heap[child]!;
        index = child;
      }
      heap[index] = last;
    }
    return top.item;
  }

  clear(): void {
    this.heap = [];
  }
}

function before(a: HeapEntry, b: HeapEntry): boolean {
  return a.timeUs < b.timeUs || (a.timeUs === b.timeUs && a.seq < b.seq);
}
