// commit-quorum, commit-on-quorum: a MsgStore primary commits an entry in the instant it learns a
// majority of its group holds it, its takeover tail included. A new primary that kept that tail in
// the old epoch could commit it only once a later append of its own epoch reached a majority: it
// changed 20 of 40 plain runs of storage-failover, replays, sendsvr-crash-points and seqsvr-restart
// (seeds 1-10), and broke no rule, the failover excusing every deadline.
import { afterEach, describe, expect, it } from 'vitest';
import { MsgStore } from '../../src/system/msgStore.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface MsgStoreParts {
  lead(epoch: number): void;
  entries: { epoch(id: number): number };
}
const msgStore = MsgStore.prototype as unknown as MsgStoreParts;
const { lead } = msgStore;

afterEach(() => {
  msgStore.lead = lead;
});

describe("a MsgStore primary's commits", () => {
  it('come as soon as it knows a majority holds them, and a takeover that keeps its tail in the old epoch fails commit-quorum', () => {
    const plant = () => {
      msgStore.lead = function (this: MsgStoreParts, epoch: number) {
        // The planted bug: every entry of the tail is taken for one of this epoch, so none is restamped.
        const { entries } = this;
        entries.epoch = () => epoch;
        try {
          lead.call(this, epoch);
        } finally {
          delete (entries as Partial<typeof entries>).epoch;
        }
      };
    };
    const detail = /^commit-on-quorum: msgstore-\d \(epoch \d+\) knew at [\d,.]+ ms that a majority of its group held its log through LSN \d+, and (committed LSN \d+ only at|had committed only through LSN \d+ by) [\d,.]+ ms \(an entry commits as its majority is known\)$/;
    for (const failed of plantedVerdicts((seed) => verdictOf('commit-quorum', 'storage-failover', seed), ['1', '2'], plant)) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'commit-on-quorum', detail: expect.stringMatching(detail) } });
    }
  });
});
