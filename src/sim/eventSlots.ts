// The fields of pending events, in parallel arrays indexed by slot. A slot is freed when its event
// is dispatched and reused for a later one, so a run allocates no object per event (that was the
// kernel's largest cost: the GC churn of one short-lived event object per step).
import { doubled } from './doubled.js';

/** Slots are below this; a handle packs a slot and its generation into one safe integer. */
const SLOT_LIMIT = 2 ** 24;
const GENERATION_MASK = 0x0fffffff;

export class EventSlots {
  kind: Uint8Array;
  target: Int32Array;
  incarnation: Int32Array;
  /** A number the event carries (a timer tag, a sender id, a label hash). */
  num: Float64Array;
  cancelled: Uint8Array;
  /** Bumped each time a slot is freed, so a stale handle cannot cancel the slot's next event. */
  private generation: Uint32Array;
  /** Object payloads (a message, a connection, a callback) and a second one. */
  readonly obj1: unknown[] = [];
  readonly obj2: unknown[] = [];
  private free: Int32Array;
  private freeCount = 0;
  private used = 0;

  constructor(initialCapacity = 1024) {
    this.kind = new Uint8Array(initialCapacity);
    this.target = new Int32Array(initialCapacity);
    this.incarnation = new Int32Array(initialCapacity);
    this.num = new Float64Array(initialCapacity);
    this.cancelled = new Uint8Array(initialCapacity);
    this.generation = new Uint32Array(initialCapacity);
    this.free = new Int32Array(initialCapacity);
  }

  alloc(kind: number, target: number, incarnation: number, num: number, obj1: unknown, obj2: unknown): number {
    let slot: number;
    if (this.freeCount > 0) slot = this.free[--this.freeCount]!;
    else {
      if (this.used === this.kind.length) this.grow();
      slot = this.used++;
    }
    this.kind[slot] = kind;
    this.target[slot] = target;
    this.incarnation[slot] = incarnation;
    this.num[slot] = num;
    this.obj1[slot] = obj1;
    this.obj2[slot] = obj2;
    return slot;
  }

  release(slot: number): void {
    this.cancelled[slot] = 0;
    this.generation[slot] = (this.generation[slot]! + 1) & GENERATION_MASK;
    this.obj1[slot] = undefined;
    this.obj2[slot] = undefined;
    this.free[this.freeCount++] = slot;
  }

  /** A handle to the event now in `slot`; it goes stale once that event is dispatched. */
  handle(slot: number): number {
    return this.generation[slot]! * SLOT_LIMIT + slot;
  }

  /** Cancels the event a handle names, if it is still pending. */
  cancel(handle: number): void {
    const slot = handle % SLOT_LIMIT;
    if (slot < this.used && this.generation[slot] === Math.floor(handle / SLOT_LIMIT)) this.cancelled[slot] = 1;
  }

  private grow(): void {
    if (this.kind.length * 2 > SLOT_LIMIT) throw new RangeError(`more than ${SLOT_LIMIT} pending events`);
    this.kind = doubled(this.kind);
    this.target = doubled(this.target);
    this.incarnation = doubled(this.incarnation);
    this.num = doubled(this.num);
    this.cancelled = doubled(this.cancelled);
    this.generation = doubled(this.generation);
    this.free = doubled(this.free);
  }
}
