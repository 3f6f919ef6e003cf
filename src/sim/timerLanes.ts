// FIFO lanes for timeouts. Most timeouts are cancelled before they fire (an RPC's, once its reply
// comes), and in the heap each one still costs a push and a full pop. All timers of one delay fall
// due in the order they were set, so a lane per delay keeps them sorted with no heap at all: only
// each lane's head sits in the kernel's heap, and a cancelled timer behind the head is dropped
// when the lane reaches it, without touching the heap. Each entry keeps the (time, insertion
// order) key the heap would have given it, so the events run in exactly the same order.
import { grownTo } from './doubled.js';
import type { EventSlots } from './eventSlots.js';

/** Distinct delays that get a lane; timers of further delays go to the heap as any timer does. */
export const MAX_TIMER_LANES = 32;

/** Returned by laneFor when the delay has no lane. */
export const NO_LANE = -1;

/** One delay's pending timers, oldest first, in a ring of power-of-two size. */
class Lane {
  timesUs = new Float64Array(16);
  seqs = new Float64Array(16);
  slots = new Int32Array(16);
  head = 0;
  count = 0;

  append(timeUs: number, seq: number, slot: number): void {
    if (this.count === this.slots.length) this.grow();
    const at = (this.head + this.count++) & (this.slots.length - 1);
    this.timesUs[at] = timeUs;
    this.seqs[at] = seq;
    this.slots[at] = slot;
  }

  /** Doubles the ring, keeping it in order from the head. */
  private grow(): void {
    const capacity = this.slots.length;
    this.timesUs = grownTo(this.timesUs, 2 * capacity);
    this.seqs = grownTo(this.seqs, 2 * capacity);
    this.slots = grownTo(this.slots, 2 * capacity);
    // The entries before the head had wrapped round: they move to just past the old end.
    this.timesUs.copyWithin(capacity, 0, this.head);
    this.seqs.copyWithin(capacity, 0, this.head);
    this.slots.copyWithin(capacity, 0, this.head);
  }
}

export class TimerLanes {
  private readonly laneOfDelay = new Map<number, number>();
  private readonly lanes: Lane[] = [];
  /** Timers waiting behind their lane's head: pending, but not in the heap. */
  waiting = 0;

  /** The lane for timers `delayUs` ahead (whole µs), made on first use; NO_LANE past the cap. */
  laneFor(delayUs: number): number {
    const lane = this.laneOfDelay.get(delayUs);
    if (lane !== undefined) return lane;
    if (this.lanes.length === MAX_TIMER_LANES) return NO_LANE;
    this.lanes.push(new Lane());
    this.laneOfDelay.set(delayUs, this.lanes.length - 1);
    return this.lanes.length - 1;
  }

  /** Queues a timer at the lane's tail; true if it is the lane's head (the heap must hear of it). */
  append(lane: number, timeUs: number, seq: number, slot: number): boolean {
    const it = this.lanes[lane]!;
    it.append(timeUs, seq, slot);
    if (it.count === 1) return true;
    this.waiting++;
    return false;
  }

  /**
   * Takes the lane's head off (it fell due) and frees the slots of the cancelled timers behind it;
   * returns the head's slot. The lane's new head, if any, is then at `headTimeUs`.
   */
  shift(lane: number, slots: EventSlots): number {
    const it = this.lanes[lane]!;
    const mask = it.slots.length - 1;
    const slot = it.slots[it.head]!;
    it.head = (it.head + 1) & mask;
    it.count--;
    while (it.count > 0 && slots.isCancelled(it.slots[it.head]!)) {
      slots.release(it.slots[it.head]!);
      it.head = (it.head + 1) & mask;
      it.count--;
      this.waiting--;
    }
    // The new head moves into the heap, so it no longer waits.
    if (it.count > 0) this.waiting--;
    return slot;
  }

  isEmpty(lane: number): boolean {
    return this.lanes[lane]!.count === 0;
  }

  headTimeUs(lane: number): number {
    const it = this.lanes[lane]!;
    return it.timesUs[it.head]!;
  }

  headSeq(lane: number): number {
    const it = this.lanes[lane]!;
    return it.seqs[it.head]!;
  }
}
