// The fields of pending events, indexed by slot. A slot is freed when its event is dispatched and
// reused for a later one, so a run allocates no object per event (that was the kernel's largest
// cost: the GC churn of one short-lived event object per step). A slot's integer fields sit side by
// side in one row, and its two payloads side by side: events pop in time order, not slot order, so
// each popped slot is a cache miss per array it is spread over.
import { grownByHalf, grownTo } from './doubled.js';

/** Slots are below this; a handle packs a slot and its generation into one safe integer. */
const SLOT_LIMIT = 2 ** 24;
const GENERATION_MASK = 0x0fffffff;

/** The integer row of a slot: `ints[slot * INT_WORDS + field]`. */
export const INT_WORDS = 4;
export const KIND = 0;
export const TARGET = 1;
export const INCARNATION = 2;
export const CANCELLED = 3;

export class EventSlots {
  /** Kind, target process, incarnation (a message's type number) and cancelled flag, per slot. */
  ints: Int32Array;
  /** A number the event carries (a timer tag, a sender id, a label hash). */
  num: Float64Array;
  /** Bumped each time a slot is freed, so a stale handle cannot cancel the slot's next event. */
  private generation: Uint32Array;
  /** Two object payloads per slot (a message, a connection, a callback): `objs[slot * 2 + 0|1]`. */
  readonly objs: unknown[] = [];
  private free: Int32Array;
  private freeCount = 0;
  private used = 0;

  constructor(initialCapacity = 1024) {
    this.ints = new Int32Array(initialCapacity * INT_WORDS);
    this.num = new Float64Array(initialCapacity);
    this.generation = new Uint32Array(initialCapacity);
    this.free = new Int32Array(initialCapacity);
  }

  alloc(kind: number, target: number, incarnation: number, num: number, obj1: unknown, obj2: unknown): number {
    let slot: number;
    if (this.freeCount > 0) slot = this.free[--this.freeCount]!;
    else {
      if (this.used === this.num.length) this.grow();
      slot = this.used++;
    }
    const ints = this.ints;
    const row = slot * INT_WORDS;
    ints[row + KIND] = kind;
    ints[row + TARGET] = target;
    ints[row + INCARNATION] = incarnation;
    this.num[slot] = num;
    this.objs[2 * slot] = obj1;
    this.objs[2 * slot + 1] = obj2;
    return slot;
  }

  release(slot: number): void {
    this.ints[slot * INT_WORDS + CANCELLED] = 0;
    this.generation[slot] = (this.generation[slot]! + 1) & GENERATION_MASK;
    this.objs[2 * slot] = undefined;
    this.objs[2 * slot + 1] = undefined;
    this.free[this.freeCount++] = slot;
  }

  /** A handle to the event now in `slot`; it goes stale once that event is dispatched. */
  handle(slot: number): number {
    return this.generation[slot]! * SLOT_LIMIT + slot;
  }

  isCancelled(slot: number): boolean {
    return this.ints[slot * INT_WORDS + CANCELLED] === 1;
  }

  /** Cancels the event a handle names, if it is still pending. */
  cancel(handle: number): void {
    const slot = handle % SLOT_LIMIT;
    if (slot < this.used && this.generation[slot] === Math.floor(handle / SLOT_LIMIT)) this.ints[slot * INT_WORDS + CANCELLED] = 1;
  }

  private grow(): void {
    if (this.num.length >= SLOT_LIMIT) throw new RangeError(`more than ${SLOT_LIMIT} pending events`);
    const capacity = Math.min(SLOT_LIMIT, grownByHalf(this.num.length));
    this.ints = grownTo(this.ints, capacity * INT_WORDS);
    this.num = grownTo(this.num, capacity);
    this.generation = grownTo(this.generation, capacity);
    this.free = grownTo(this.free, capacity);
  }
}
