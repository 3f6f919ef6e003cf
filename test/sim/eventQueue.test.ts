// One suite, run against every EventQueue implementation (hono's router-test pattern).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY, ObjectHeapQueue, TypedHeapQueue, type EventQueue } from '../../src/sim/eventQueue.js';

const implementations: [string, () => EventQueue][] = [
  ['TypedHeapQueue', () => new TypedHeapQueue(4)],
  ['ObjectHeapQueue', () => new ObjectHeapQueue()],
];

// An operation is either a push at a (small, so ties are common) time, or a pop.
const operation = fc.oneof(fc.integer({ min: 0, max: 20 }).map((timeUs) => ({ push: timeUs })), fc.constant({ push: -1 }));

describe.each(implementations)('%s', (_name, make) => {
  it('pops in the order of a stable sort by time, then insertion', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 300 }), (operations) => {
        const queue = make();
        // The model: a list kept sorted by (time, insertion id); items are insertion ids.
        let model: { timeUs: number; id: number }[] = [];
        let nextId = 0;
        for (const op of operations) {
          if (op.push >= 0) {
            queue.push(op.push, nextId);
            model.push({ timeUs: op.push, id: nextId++ });
            model.sort((a, b) => a.timeUs - b.timeUs || a.id - b.id);
          } else {
            const expected = model.shift();
            expect(queue.peekTime()).toBe(expected?.timeUs ?? Infinity);
            expect(queue.pop()).toBe(expected?.id ?? EMPTY);
            if (expected !== undefined) expect(queue.lastTimeUs).toBe(expected.timeUs);
          }
          expect(queue.size).toBe(model.length);
        }
        const rest: number[] = [];
        for (let item = queue.pop(); item !== EMPTY; item = queue.pop()) rest.push(item);
        expect(rest).toEqual(model.map((entry) => entry.id));
        model = [];
      }),
      { numRuns: 300 },
    );
  });

  it('grows past its initial capacity and empties on clear', () => {
    const queue = make();
    for (let i = 0; i < 10_000; i++) queue.push(10_000 - i, i);
    expect(queue.size).toBe(10_000);
    expect(queue.pop()).toBe(9_999);
    queue.clear();
    expect(queue.size).toBe(0);
    expect(queue.pop()).toBe(EMPTY);
    expect(queue.peekTime()).toBe(Infinity);
  });
});
