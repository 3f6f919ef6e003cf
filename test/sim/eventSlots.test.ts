import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventSlots } from '../../src/sim/eventSlots.js';

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
    expect(slots.cancelled[b]).toBe(0);
    slots.cancel(slots.handle(b));
    expect(slots.cancelled[b]).toBe(1);
    expect([slots.kind[b], slots.target[b], slots.incarnation[b], slots.num[b], slots.obj1[b]]).toEqual([2, 8, 1, 43, 'next']);
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
            const slot = slots.alloc(1, value, 0, value, value, null);
            expect(live.has(slot)).toBe(false);
            live.set(slot, value);
          } else {
            const [slot] = live.keys();
            slots.release(slot!);
            live.delete(slot!);
          }
        }
        for (const [slot, value] of live) expect([slots.target[slot], slots.num[slot], slots.obj1[slot]]).toEqual([value, value, value]);
      }),
    );
  });
});
