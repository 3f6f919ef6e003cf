import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeqIndex } from '../../src/oracle/ledger.js';
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

  it('agrees with a sorted list through runs without a gap, then gaps, repeats and inserts below', () => {
    // Mostly the next seq (the run kept as its first seq alone), sometimes a jump, a repeat or one below.
    const step = fc.oneof({ weight: 6, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.integer({ min: -4, max: 4 }) });
    const opOnRun = fc.tuple(fc.constantFrom('add', 'add', 'set', 'clone'), step, fc.integer({ min: 0, max: 1000 }));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), fc.array(opOnRun, { maxLength: 60 }), (firstSeq, ops) => {
        let map = new SeqIndex();
        let model: [number, number][] = [];
        const check = (probe: number): void => {
          expect(map.size).toBe(model.length);
          expect(map.seqList()).toEqual(model.map(([seq]) => seq));
          expect(map.valuesInOrder()).toEqual(model.map(([, value]) => value));
          expect(map.maxSeq).toBe(model.length === 0 ? 0 : model[model.length - 1]![0]);
          for (const seq of [probe - 1, probe, probe + 1, probe + 0.5]) {
            const first = model.find(([at]) => at === seq);
            expect(map.get(seq)).toBe(first?.[1]);
            expect(map.has(seq)).toBe(first !== undefined);
            expect(map.countBetween(seq, seq + 2)).toBe(model.filter(([at]) => at > seq && at <= seq + 2).length);
          }
        };
        for (const [name, stepBy, value] of ops) {
          const seq = (model.length === 0 ? firstSeq : model[model.length - 1]![0]) + stepBy;
          const at = model.findIndex(([s]) => s > seq);
          const insertAt = at < 0 ? model.length : at;
          if (name === 'add') {
            map.add(seq, value);
            model.splice(insertAt, 0, [seq, value]);
          } else if (name === 'set') {
            map.set(seq, value);
            const there = model.findIndex(([s]) => s === seq);
            if (there >= 0) model[there] = [seq, value];
            else model.splice(insertAt, 0, [seq, value]);
          } else {
            // A copy answers the same and is independent of the original.
            const copy = map.clone();
            map.add(seq, value);
            map = copy;
            model = model.slice();
          }
          check(seq);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('keeps a run without a gap as its first seq, and spells the seqs out at the first entry off it', () => {
    const map = new SeqMap<string>();
    for (let seq = 7; seq <= 10; seq++) map.add(seq, `m${seq}`);
    expect([map.get(6), map.get(7), map.get(10), map.get(11), map.maxSeq]).toEqual([undefined, 'm7', 'm10', undefined, 10]);
    map.add(12, 'm12');
    map.add(11, 'm11');
    expect(map.seqList()).toEqual([7, 8, 9, 10, 11, 12]);
    expect([map.get(11), map.get(12), map.seqAt(5)]).toEqual(['m11', 'm12', 12]);
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
