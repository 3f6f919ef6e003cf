import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundWhole } from '../../src/sim/time.js';

describe('roundWhole', () => {
  it('rounds every value >= 0 exactly as Math.round does, the edge below one half included', () => {
    for (const value of [0, 0.49999999999999994, 0.5, 1.5, 2.5, 1 - 2 ** -53, 2 ** 52 - 0.5, 2 ** 52, 2 ** 53 - 1, 1e300]) {
      expect(roundWhole(value), String(value)).toBe(Math.round(value));
    }
    fc.assert(fc.property(fc.double({ min: 0, max: 2 ** 60, noNaN: true }), (value) => Object.is(roundWhole(value), Math.round(value))));
  });
});
