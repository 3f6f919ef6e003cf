import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NumberMap } from '../../src/sim/numberMap.js';

// Keys from a small pool collide in the table and make long probe runs, where deletion can break
// lookups; request-id-like keys (an incarnation times 2^32 plus a counter) test the high half.
const key = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 3 }).chain((high) => fc.integer({ min: 1, max: 6 }).map((low) => high * 2 ** 32 + low)));
const op = fc.tuple(fc.constantFrom('set', 'delete', 'get', 'clear'), key, fc.integer());

describe('NumberMap', () => {
  it('agrees with a Map through any sequence of sets, deletes and clears', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 100, maxLength: 300 }), (ops) => {
        const map = new NumberMap<number>();
        const model = new Map<number, number>();
        for (const [name, k, value] of ops) {
          if (name === 'set') {
            map.set(k, value);
            model.set(k, value);
          } else if (name === 'delete') expect(map.delete(k)).toBe(model.delete(k));
          else if (name === 'clear' && value % 10 === 0) {
            map.clear();
            model.clear();
          }
          expect(map.get(k)).toBe(model.get(k));
          expect(map.size).toBe(model.size);
        }
        for (const k of model.keys()) expect(map.has(k)).toBe(true);
        const seen: number[] = [];
        map.some((k, value) => (seen.push(k), expect(value).toBe(model.get(k)), false));
        expect(seen.sort((x, y) => x - y)).toEqual([...model.keys()].sort((x, y) => x - y));
      }),
      { numRuns: 300 },
    );
  });

  it('deletes exactly the entries a test picks', () => {
    const map = new NumberMap<string>();
    for (let k = 0; k < 50; k++) map.set(k, k % 3 === 0 ? 'doomed' : 'kept');
    map.deleteWhere((_k, value) => value === 'doomed');
    expect(map.size).toBe(33);
    for (let k = 0; k < 50; k++) expect(map.has(k)).toBe(k % 3 !== 0);
    expect(map.some((_k, value) => value === 'doomed')).toBe(false);
  });

  it('refuses keys it cannot store', () => {
    const map = new NumberMap<number>();
    for (const bad of [-1, 0.5, NaN, Infinity, 2 ** 53]) expect(() => map.set(bad, 1)).toThrow(RangeError);
  });
});
