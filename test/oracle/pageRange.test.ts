// server-bound, page-range: a pull's answer holds only entries above the Seq_cli it was asked from,
// up to its bound. A MsgStore that started its page at the cursor sent every pull an entry the
// device held already, and passed every other rule wherever a page held more than one entry (10
// seeds each of baseline, group-storm and multi-device, plain and swarm).
import { afterEach, describe, expect, it } from 'vitest';
import { MsgStore } from '../../src/system/msgStore.js';
import type { ReadReq } from '../../src/system/wire.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface MsgStoreParts {
  read(from: number, req: ReadReq): void;
}
const msgStore = MsgStore.prototype as unknown as MsgStoreParts;
const { read } = msgStore;

afterEach(() => {
  msgStore.read = read;
});

describe('a page of a pull', () => {
  it('holds the entries after the cursor, and a MsgStore that reads from the cursor itself fails server-bound', () => {
    const plant = () => {
      msgStore.read = function (this: MsgStoreParts, from: number, req: ReadReq) {
        // The planted bug: >= for > at the cursor.
        read.call(this, from, { ...req, afterSeq: Math.max(0, req.afterSeq - 1) });
      };
    };
    const detail = /^page-range: an answer to a pull of device-u\d+-\d+ held seq (\d+), at or below the Seq_cli \1 it was asked from/;
    const verdicts = plantedVerdicts((seed) => verdictOf('server-bound', 'baseline', seed), ['1', '2', '3'], plant);
    for (const failed of verdicts) expect(failed).toMatchObject({ ok: false, first: { kind: 'page-range', detail: expect.stringMatching(detail) } });
  });
});
