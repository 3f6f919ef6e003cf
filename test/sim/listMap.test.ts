import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ListMap } from '../../src/sim/listMap.js';

const op = fc.tuple(fc.constantFrom('set', 'delete', 'get', 'has'), fc.integer({ min: 0, max: 12 }), fc.integer());

describe('ListMap', () => {
  // A device's outbox resends in this order after a reconnect: the order must be a Map's.
  it('agrees with a Map, insertion order included, through any sequence of sets and deletes', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 50, maxLength: 200 }), (ops) => {
        const map = new ListMap<number, number>();
        const model = new Map<number, number>();
        for (const [name, key, value] of ops) {
          if (name === 'set') {
            map.set(key, value);
            model.set(key, value);
          } else if (name === 'delete') expect(map.delete(key)).toBe(model.delete(key));
          else if (name === 'get') expect(map.get(key)).toBe(model.get(key));
          else expect(map.has(key)).toBe(model.has(key));
          expect(map.size).toBe(model.size);
        }
        expect(map.keys()).toEqual([...model.keys()]);
        expect(map.values()).toEqual([...model.values()]);
      }),
    );
  });

  it('clones apart: changing the copy leaves the original as it was', () => {
    const map = new ListMap<number, string>();
    map.set(1, 'a');
    map.set(2, 'b');
    const copy = map.clone();
    copy.delete(1);
    copy.set(3, 'c');
    expect(map.keys()).toEqual([1, 2]);
    expect(copy.keys()).toEqual([2, 3]);
  });

  it('hands out copies of its keys: deleting while walking them visits every key', () => {
    const map = new ListMap<number, number>();
    for (let key = 0; key < 5; key++) map.set(key, key);
    const seen: number[] = [];
    for (const key of map.keys()) {
      seen.push(key);
      map.delete(key);
    }
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(map.size).toBe(0);
  });
});
