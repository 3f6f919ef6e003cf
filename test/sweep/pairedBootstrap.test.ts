// compare's significance over few seeds: a percentile bootstrap on one seed (or two) calls every
// figure that moved, so nothing is called below a sign test's floor (fuzzing found one paired seed
// flagging 32 figures at 99.87%, and --fail-on-regression failing on it).
import { describe, expect, it } from 'vitest';
import { minPairedSeeds, pairedBootstrap } from '../../src/report/pairedBootstrap.js';

/** n seeds on which b is a + 1 on every one: as unanimous a change as there can be. */
const unanimous = (n: number) => {
  const a = Array.from({ length: n }, (_, i) => 10 + i);
  return { a, b: a.map((x) => x + 1), seeds: a.map((_, i) => i) };
};
const verdict = (n: number) => pairedBootstrap([unanimous(n)], n, { resamples: 2_000, confidence: 0.99, minSeeds: minPairedSeeds(0.05), seed: 'test' })[0]!;

describe('paired bootstrap over few seeds', () => {
  it('takes 6 seeds to call a change at a 5% chance of calling noise (2 x 2^-n)', () => {
    expect(minPairedSeeds(0.05)).toBe(6);
    expect(minPairedSeeds(0.01)).toBe(8);
  });

  it('calls no change on fewer seeds, however they agree, and calls it from the floor on', () => {
    for (const n of [1, 2, 5]) expect(verdict(n).significant, `${n} seeds`).toBe(false);
    expect(verdict(6).significant).toBe(true);
    expect(verdict(1)).toMatchObject({ a: 10, b: 11, ratio: 1.1 });
  });
});
