import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InboxKeys } from '../../src/system/inboxKeys.js';

// Users from a small pool and keys that repeat across users (a 1:1 message has one key in two
// inboxes), random 52-bit keys and counter keys (high bits fixed, low bits counting): enough
// entries to grow the table several times, so probe runs cross its wrap and survive a rehash.
const user = fc.integer({ min: 0, max: 5 });
const key = fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 2 ** 52 - 1 }), fc.integer({ min: 1, max: 40 }).map((low) => 7 * 2 ** 24 + low));
const op = fc.tuple(user, key, fc.integer({ min: 0, max: 2 ** 32 - 1 }));

describe('InboxKeys', () => {
  it('agrees with a map of (user, key) pairs through any sequence of sets', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 50, maxLength: 400 }), (ops) => {
        const keys = new InboxKeys();
        const model = new Map<string, number>();
        for (const [u, k, seq] of ops) {
          expect(keys.get(u, k)).toBe(model.get(`${u}/${k}`));
          keys.set(u, k, seq);
          model.set(`${u}/${k}`, seq);
          expect(keys.size).toBe(model.size);
        }
        for (const [pair, seq] of model) {
          const [u, k] = pair.split('/').map(Number);
          expect(keys.get(u!, k!)).toBe(seq);
          expect(keys.has(u! + 6, k!)).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a negative user, which would read as a free slot', () => {
    expect(() => new InboxKeys().set(-1, 5, 1)).toThrow(RangeError);
  });
});
