import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SmallLists } from '../../src/sim/smallLists.js';

// A few ids, small values: lists of none, one and several, with repeats.
const op = fc.tuple(fc.constantFrom('add', 'addSorted', 'remove', 'dropThrough'), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 8 }));

describe('SmallLists', () => {
  it('agrees with an array per id through any sequence of appends, sorted inserts, removals and drops', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const lists = new SmallLists();
        const model: number[][] = [[], [], [], []];
        for (const [name, id, value] of ops) {
          const list = model[id]!;
          if (name === 'add') {
            lists.add(id, value);
            list.push(value);
          } else if (name === 'addSorted') {
            lists.addSorted(id, value);
            let at = list.length;
            while (at > 0 && list[at - 1]! > value) at--;
            list.splice(at, 0, value);
          } else if (name === 'remove') {
            lists.remove(id, value);
            const at = list.indexOf(value);
            if (at >= 0) list.splice(at, 1);
          } else {
            let first = 0;
            while (first < list.length && list[first]! <= value) first++;
            list.splice(0, first);
            expect(lists.dropThrough(id, value)).toBe(list.length);
          }
          for (let other = 0; other < model.length; other++) {
            const expected = model[other]!;
            expect(lists.size(other)).toBe(expected.length);
            expect(expected.map((_, i) => lists.at(other, i))).toEqual(expected);
            for (let probe = 0; probe <= 8; probe++) expect(lists.has(other, probe)).toBe(expected.includes(probe));
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('answers for an id it never saw, and refuses an id that is not small and dense', () => {
    const lists = new SmallLists();
    expect([lists.size(40), lists.has(40, 0), lists.dropThrough(40, 5)]).toEqual([0, false, 0]);
    lists.remove(40, 1);
    lists.add(40, 7);
    expect([lists.size(39), lists.size(40), lists.at(40, 0)]).toEqual([0, 1, 7]);
    expect(() => lists.add(-1, 0)).toThrow(RangeError);
    expect(() => lists.add(2 ** 31, 0)).toThrow(RangeError);
  });
});
