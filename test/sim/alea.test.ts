import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { Alea } from '../../src/sim/alea.js';

describe('Alea', () => {
  it('draws exactly what seedrandom.alea draws for the same seed, so traces did not move', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.integer({ min: 1, max: 300 }), (seed, count) => {
        const ours = new Alea(seed);
        const theirs = seedrandom.alea(seed);
        for (let i = 0; i < count; i++) expect(ours.next()).toBe(theirs());
      }),
      { seed: 20261202, numRuns: 300 },
    );
  });

  it('draws in [0, 1) and differs between seeds', () => {
    const a = new Alea('7/device-3/backoff');
    const b = new Alea('7/device-3/disk');
    const drawsA = Array.from({ length: 10_000 }, () => a.next());
    expect(drawsA.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(drawsA.slice(0, 5)).not.toEqual(Array.from({ length: 5 }, () => b.next()));
  });
});
