import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Uint32List } from '../../src/sim/uint32List.js';
import { hashOf, InboxKeys } from '../../src/system/inboxKeys.js';
import { LogEntries } from '../../src/system/logEntries.js';
import { logEntry } from './logEntry.js';

// Users from a small pool and keys that repeat across users (a 1:1 message has one key in two
// inboxes), random 52-bit keys and counter keys (high bits fixed, low bits counting): enough
// entries to grow the table several times, so probe runs cross its wrap and survive a rehash.
const user = fc.integer({ min: 0, max: 5 });
const key = fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 2 ** 52 - 1 }), fc.integer({ min: 1, max: 40 }).map((low) => 7 * 2 ** 24 + low));
const op = fc.tuple(user, key, fc.integer({ min: 0, max: 2 ** 32 - 1 }));

const entries = new LogEntries();

function entry(user: number, clientMsgId: number, seq: number): number {
  return logEntry(entries, 1, user, seq, clientMsgId);
}

describe('InboxKeys', () => {
  it('agrees with a map of (user, key) pairs to the seq of their latest entry through any sequence of commits', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 50, maxLength: 400 }), (ops) => {
        const log = new Uint32List();
        const keys = new InboxKeys(log, entries);
        const model = new Map<string, number>();
        for (const [u, k, seq] of ops) {
          expect(keys.get(u, k)).toBe(model.get(`${u}/${k}`));
          keys.index(log.push(entry(u, k, seq)));
          model.set(`${u}/${k}`, seq);
          expect(keys.size).toBe(model.size);
        }
        for (const [pair, seq] of model) {
          const [u, k] = pair.split('/').map(Number);
          expect(keys.get(u!, k!)).toBe(seq);
          expect(keys.get(u! + 6, k!)).toBeUndefined();
        }
      }),
      { numRuns: 200 },
    );
  });

  // The table keeps only a hash beside each LSN: pairs whose hashes collide must still be told apart.
  it('tells apart pairs whose hashes collide by the entries themselves', () => {
    const log = new Uint32List();
    const keys = new InboxKeys(log, entries);
    // Two keys of one inbox with the same hash: the second's high half, mixed in, undoes its low half.
    const a = 5;
    const b = 2 ** 32 + ((5 ^ 0x27d4eb2d) >>> 0);
    expect(hashOf(0, a)).toBe(hashOf(0, b));
    keys.index(log.push(entry(0, a, 10)));
    keys.index(log.push(entry(0, b, 20)));
    expect(keys.get(0, a)).toBe(10);
    expect(keys.get(0, b)).toBe(20);
    expect(keys.size).toBe(2);
  });

  it('refuses an LSN with no entry', () => {
    expect(() => new InboxKeys(new Uint32List(), entries).index(1)).toThrow(RangeError);
  });
});
