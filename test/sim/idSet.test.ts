import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdSet } from '../../src/sim/idSet.js';

describe('IdSet', () => {
  it('agrees with a Set for any ids added, across growth', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5_000 }), { maxLength: 200 }), fc.array(fc.integer({ min: -10, max: 6_000 }), { maxLength: 200 }), (added, asked) => {
        const set = new IdSet();
        const model = new Set<number>();
        for (const id of added) {
          set.add(id);
          model.add(id);
        }
        for (const id of [...added, ...asked]) expect(set.has(id)).toBe(model.has(id));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses an id that is not a small dense one', () => {
    const set = new IdSet();
    for (const id of [-1, 1.5, 2 ** 31]) expect(() => set.add(id)).toThrow(RangeError);
    expect(set.has(2 ** 31)).toBe(false);
  });
});
