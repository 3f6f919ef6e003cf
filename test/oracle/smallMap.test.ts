// SmallMap keeps two entries in fields and the rest in an array: it must behave as a Map (in
// insertion order) across that boundary, for overwrites on either side of it.
import { describe, expect, it } from 'vitest';
import { SmallMap } from '../../src/oracle/smallMap.js';

function entries(map: SmallMap): [number, number][] {
  return Array.from({ length: map.size }, (_, i) => [map.keyAt(i), map.valueAt(i)]);
}

describe('SmallMap', () => {
  it('answers as a Map does, through 0 to 6 entries and overwrites of each', () => {
    // Keys and values chosen so every position is overwritten once: a field, the second field, the array.
    const script: [number, number][] = [[7, 1], [3, 2], [7, 10], [9, 3], [0, 4], [3, 20], [5, 5], [9, 30], [0, 40], [2 ** 20, 2 ** 32 - 1]];
    const map = new SmallMap();
    const model = new Map<number, number>();
    expect(map.size).toBe(0);
    expect(map.get(7)).toBeUndefined();
    for (const [key, value] of script) {
      map.set(key, value);
      model.set(key, value);
      expect(entries(map)).toEqual([...model]);
      for (const probe of [0, 3, 5, 7, 9, 4, 2 ** 20]) {
        expect(map.get(probe)).toBe(model.get(probe));
        expect(map.has(probe)).toBe(model.has(probe));
      }
    }
  });

  it('refuses a negative key, which would read as a free field', () => {
    expect(() => new SmallMap().set(-1, 0)).toThrow(RangeError);
  });
});
