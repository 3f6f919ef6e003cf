import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CANCELLED, EventSlots, INCARNATION, INT_WORDS, KIND, TARGET } from '../../src/sim/eventSlots.js';

/** A slot's fields as the kernel reads them. */
function read(slots: EventSlots, slot: number) {
  const row = slot * INT_WORDS;
  return {
    kind: slots.ints[row + KIND],
    target: slots.ints[row + TARGET],
    incarnation: slots.ints[row + INCARNATION],
    cancelled: slots.ints[row + CANCELLED],
    num: slots.num[slot],
    obj1: slots.objs[2 * slot],
    obj2: slots.objs[2 * slot + 1],
  };
}

describe('event slots', () => {
  it('reuse freed slots, and a handle cancels only the event it was made for', () => {
    const slots = new EventSlots(2);
    const a = slots.alloc(1, 7, 0, 42, 'payload', null);
    const handleA = slots.handle(a);
    slots.release(a);
    const b = slots.alloc(2, 8, 1, 43, 'next', null);
    expect(b).toBe(a);
    // A's handle is stale: cancelling it must not touch B, which now lives in the same slot.
    slots.cancel(handleA);
    expect(read(slots, b).cancelled).toBe(0);
    slots.cancel(slots.handle(b));
    expect(read(slots, b).cancelled).toBe(1);
    expect(read(slots, b)).toEqual({ kind: 2, target: 8, incarnation: 1, cancelled: 1, num: 43, obj1: 'next', obj2: null });
  });

  it('keep every live event intact through any interleaving of allocs and releases, growing as needed', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 400 }), (ops) => {
        const slots = new EventSlots(1);
        const live = new Map<number, number>();
        let next = 0;
        for (const allocate of ops) {
          if (allocate || live.size === 0) {
            const value = next++;
            const slot = slots.alloc(1, value, 0, value, value, -value);
            expect(live.has(slot)).toBe(false);
            live.set(slot, value);
          } else {
            const [slot] = live.keys();
            slots.release(slot!);
            live.delete(slot!);
          }
        }
        for (const [slot, value] of live) {
          const fields = read(slots, slot);
          expect([fields.target, fields.num, fields.obj1, fields.obj2]).toEqual([value, value, value, -value]);
        }
      }),
    );
  });
});
