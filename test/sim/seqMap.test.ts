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
    expect(map.seqList()).toEqual([3, 4, 5, 5]);
    expect(map.valuesInOrder()).toEqual(['b', 'd', 'a', 'c']);
    expect(map.get(5)).toBe('a');
    map.set(5, 'e');
    expect(map.valuesInOrder()).toEqual(['b', 'd', 'e', 'c']);
  });

  it('keeps every entry as it grows past its padding pieces, appended or inserted low', () => {
    const map = new SeqMap<number>();
    const expected: number[] = [];
    for (let seq = 2; seq <= 80_000; seq += 2) {
      map.set(seq, seq * 10);
      expected.push(seq);
    }
    for (const seq of [1, 39_999, 79_999]) {
      map.add(seq, seq * 10);
      expected.push(seq);
    }
    expected.sort((a, b) => a - b);
    expect(map.size).toBe(expected.length);
    expect(map.seqList()).toEqual(expected);
    expect(map.valuesInOrder()).toEqual(expected.map((seq) => seq * 10));
    expect([map.get(39_999), map.get(40_000), map.get(40_001), map.maxSeq]).toEqual([399_990, 400_000, undefined, 80_000]);
  });
});
