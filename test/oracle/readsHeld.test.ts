// timeliness, read-held: a MsgStore primary that took its shard over holds reads until its commit
// point reaches the end of the log it led with, and answers them then; later reads at once. One
// that released its held reads only at the commit after that kept pulls parked until the next
// append landed, and broke no rule. Planted here as its class: a primary that goes on holding the
// reads that arrive once it has caught up exactly.
import { afterEach, describe, expect, it } from 'vitest';
import { MsgStore } from '../../src/system/msgStore.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface MsgStoreParts {
  read(from: number, req: unknown): void;
  primary: boolean;
  commitLsn: number;
  leadEndLsn: number;
  heldReads: [number, unknown][];
}
const store = MsgStore.prototype as unknown as MsgStoreParts;
const { read } = store;

afterEach(() => {
  store.read = read;
});

describe('reads held by a new primary', () => {
  it('go at the commit that completes its log, and a primary that holds them one commit longer fails timeliness', () => {
    const plant = () => {
      store.read = function (this: MsgStoreParts, from: number, req: unknown) {
        if (this.primary && this.leadEndLsn > 0 && this.commitLsn === this.leadEndLsn) this.heldReads.push([from, req]);
        else read.call(this, from, req);
      };
    };
    const detail = /^read-held: msgstore-\d had committed through LSN \d+, the end of the log it took over with, when a read was due, and (answered it only|had not answered it) [\d,.]+ ms after \(held reads go at that commit, later ones at once\)$/;
    for (const failed of plantedVerdicts((seed) => verdictOf('timeliness', 'replays', seed), ['1', '4'], plant)) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'read-held', detail: expect.stringMatching(detail) } });
    }
  });
});
