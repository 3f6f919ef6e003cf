// The one-sided Fisher test that decides whether the targeted draw catches a bug less often.
import { describe, expect, it } from 'vitest';
import { lowerTailP } from '../../src/run/rateTest.js';

describe('lowerTailP (one-sided Fisher exact test)', () => {
  it('gives the hypergeometric tail: 5/5 against 0/5 is one table in C(10,5)', () => {
    expect(lowerTailP(5, 5, 0, 5)).toBeCloseTo(1 / 252, 12);
    // 2 of 4 against 0 of 4: P(X = 0) when 2 failures fall among 8 seeds = C(4,2)/C(8,2).
    expect(lowerTailP(2, 4, 0, 4)).toBeCloseTo(6 / 28, 12);
  });

  it('is 1 when the second rate is the higher, and near 0.5 or above for equal rates', () => {
    expect(lowerTailP(0, 100, 30, 100)).toBeCloseTo(1, 12);
    expect(lowerTailP(30, 100, 30, 100)).toBeGreaterThan(0.5);
    expect(lowerTailP(3, 100, 1, 100)).toBeGreaterThan(0.05);
  });

  it('flags a drop that chance rarely gives: 20 of 100 to 8 of 100', () => {
    expect(lowerTailP(20, 100, 8, 100)).toBeLessThan(0.05);
    expect(lowerTailP(20, 100, 14, 100)).toBeGreaterThan(0.05);
  });
});
