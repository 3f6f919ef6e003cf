import { describe, expect, it } from 'vitest';
import { IdMap } from '../../src/sim/idMap.js';

describe('IdMap', () => {
  it('visits each value with its id in id order, and lets the visit delete the one it is given', () => {
    const map = new IdMap<string>();
    for (const id of [7, 2, 5, 0]) map.set(id, `v${id}`);
    map.delete(5);
    const seen: [string, number][] = [];
    map.forEach((value, id) => {
      seen.push([value, id]);
      if (id === 2) map.delete(id);
    });
    expect(seen).toEqual([['v0', 0], ['v2', 2], ['v7', 7]]);
    expect([map.size, map.has(2), [...map.values()]]).toEqual([2, false, ['v0', 'v7']]);
  });
});
