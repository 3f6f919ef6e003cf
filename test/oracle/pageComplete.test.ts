// server-bound, page-complete: a page holds every entry committed in its inbox above the cursor it
// was asked from, up to its bound. A new primary that applied its committed log one entry short left
// that entry out of every later page; where the devices that needed it held it already, every rule
// held (14 plain and 33 swarm runs of storage-failover, mutant-hunt, replays and seqsvr-restart,
// seeds 1-10, changed; 4 and 27 failed; all now fail).
import { afterEach, describe, expect, it } from 'vitest';
import { MsgStore } from '../../src/system/msgStore.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface MsgStoreParts {
  lead(epoch: number): void;
  apply(lsn: number): void;
  commitLsn: number;
  leading?: boolean;
}
const msgStore = MsgStore.prototype as unknown as MsgStoreParts;
const { lead, apply } = msgStore;

afterEach(() => {
  msgStore.lead = lead;
  msgStore.apply = apply;
});

describe('a page', () => {
  it('holds every entry committed in its range, and a primary that leads one entry short fails server-bound', () => {
    const plant = () => {
      // The planted bug: taking over, the primary applies its committed log but the last entry.
      msgStore.lead = function (this: MsgStoreParts, epoch: number) {
        this.leading = true;
        try {
          lead.call(this, epoch);
        } finally {
          this.leading = false;
        }
      };
      msgStore.apply = function (this: MsgStoreParts, lsn: number) {
        if (this.leading !== true || lsn !== this.commitLsn) apply.call(this, lsn);
      };
    };
    const detail = /^page-complete: msgstore-\d answered a read of device-u\d+-\d with \d+ entries above seq \d+ up to its bound \d+, where \d+ are committed \(a page holds every one\)$/;
    for (const failed of plantedVerdicts((seed) => verdictOf('server-bound', 'storage-failover', seed), ['4', '6', '9'], plant)) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'page-complete', detail: expect.stringMatching(detail) } });
    }
  });
});
