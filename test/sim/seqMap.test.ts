import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeqMap } from '../../src/sim/seqMap.js';

// Seqs mostly arrive in order (a push), sometimes below the top (an insert), sometimes again.
const op = fc.tuple(fc.constantFrom('set', 'set', 'get', 'clone'), fc.integer({ min: 1, max: 60 }), fc.integer());

describe('SeqMap', () => {
  it('agrees with a Map read in seq order through any sequence of sets, gets and clones', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 50, maxLength: 200 }), (ops) => {
        let map = new SeqMap<number>();
        const model = new Map<number, number>();
        for (const [name, seq, value] of ops) {
          if (name === 'set') {
            map.set(seq, value);
            model.set(seq, value);
          } else if (name === 'clone') {
            // A copy answers the same and is independent of the original.
            const copy = map.clone();
            map.set(seq, value + 1);
            expect(copy.get(seq)).toBe(model.get(seq));
            map = copy;
          }
          expect(map.get(seq)).toBe(model.get(seq));
          expect(map.has(seq)).toBe(model.has(seq));
          expect(map.size).toBe(model.size);
        }
        const inOrder = [...model.entries()].sort((a, b) => a[0] - b[0]);
        const seen: [number, number][] = [];
        map.forEach((seq, value) => seen.push([seq, value]));
        expect(seen).toEqual(inOrder);
        expect(map.valuesInOrder()).toEqual(inOrder.map(([, value]) => value));
        expect(map.maxSeq).toBe(inOrder.length === 0 ? 0 : inOrder[inOrder.length - 1]![0]);
      }),
      { numRuns: 300 },
    );
  });

  it('add keeps a second entry at a seq (a bug committed it twice), after the first', () => {
    const map = new SeqMap<string>();
    map.add(5, 'a');
    map.add(3, 'b');
    map.add(5, 'c');
    map.add(4, 'd');
    expect(map.seqs).toEqual([3, 4, 5, 5]);
    expect(map.valuesInOrder()).toEqual(['b', 'd', 'a', 'c']);
    expect(map.get(5)).toBe('a');
    map.set(5, 'e');
    expect(map.valuesInOrder()).toEqual(['b', 'd', 'e', 'c']);
  });
});
