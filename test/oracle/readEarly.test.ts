// timeliness, read-early: a MsgStore primary that took its shard over answers no read before its
// commit point reaches the end of the log it led with. One that set that end before it put its tail
// back held no read at all: a pull could be bounded below entries already acked, and only a pull
// that came to a device behind broke a rule (2 of 7 runs the bug changed). Planted as its class: a
// lead that holds nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { MsgStore } from '../../src/system/msgStore.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface MsgStoreParts {
  lead(epoch: number): void;
  leadEndLsn: number;
  commitLsn: number;
}
const store = MsgStore.prototype as unknown as MsgStoreParts;
const { lead } = store;

afterEach(() => {
  store.lead = lead;
});

describe('reads at a new primary', () => {
  it('wait for the log it took over to commit, and a primary that holds none fails timeliness', () => {
    const plant = () => {
      store.lead = function (this: MsgStoreParts, epoch: number) {
        lead.call(this, epoch);
        // The planted bug: the log's end taken before the tail is put back, so nothing is held.
        this.leadEndLsn = this.commitLsn;
      };
    };
    const detail = /^read-early: msgstore-\d answered a read with its commit point short of LSN \d+, the end of the log it took over with/;
    const verdicts = plantedVerdicts((seed) => verdictOf('timeliness', 'group-storm', seed, true), ['4', '7'], plant);
    for (const failed of verdicts) expect(failed).toMatchObject({ ok: false, first: { kind: 'read-early', detail: expect.stringMatching(detail) } });
  });
});
