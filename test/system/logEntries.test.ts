import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Uint32List } from '../../src/sim/uint32List.js';
import { LogEntries } from '../../src/system/logEntries.js';
import type { ChatMessage } from '../../src/system/wire.js';

const message = (msgId: number): ChatMessage => ({ msgId, fromUser: 0, fromDevice: 0, clientMsgId: msgId, toUser: 1, group: -1, spam: false, textBytes: 1 });

describe('LogEntries', () => {
  // Columns grow a chunk at a time: entries on both sides of several chunk boundaries read back as made.
  it('reads back every entry as it was made, across chunks, whole 32-bit seqs and epochs included', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: 2 ** 32 - 1 }), fc.nat({ max: 2 ** 31 - 1 }), fc.nat({ max: 2 ** 32 - 1 })), { minLength: 1, maxLength: 3_000, size: 'max' }), (made) => {
        const entries = new LogEntries();
        const messages = made.map((_, i) => message(i));
        const ids = made.map(([epoch, user, seq], i) => entries.add(epoch, user, seq, messages[i]!));
        expect(new Set(ids).size).toBe(made.length);
        expect(entries.size).toBe(made.length);
        made.forEach(([epoch, user, seq], i) => {
          const id = ids[i]!;
          expect([entries.epoch(id), entries.user(id), entries.seq(id)]).toEqual([epoch, user, seq]);
          expect(entries.message(id)).toBe(messages[i]);
        });
      }),
      { numRuns: 20 },
    );
  });
});

describe('Uint32List', () => {
  it('behaves as an array of unsigned 32-bit integers through pushes and truncations', () => {
    const op = fc.oneof(fc.record({ push: fc.nat({ max: 2 ** 32 - 1 }) }), fc.record({ truncate: fc.nat({ max: 200 }) }));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400, size: 'max' }), (ops) => {
        const list = new Uint32List();
        const model: number[] = [];
        for (const o of ops) {
          if ('push' in o) expect(list.push(o.push)).toBe(model.push(o.push));
          else {
            list.truncate(o.truncate);
            model.length = Math.min(model.length, o.truncate);
          }
          expect(list.length).toBe(model.length);
          expect(list.at(model.length)).toBeUndefined();
        }
        expect(list.slice(0)).toEqual(model);
        expect(list.slice(1, 5)).toEqual(model.slice(1, 5));
        model.forEach((item, i) => expect(list.at(i)).toBe(item));
      }),
    );
  });
});
