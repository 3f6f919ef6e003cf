// commit-quorum, lead-commit and lead-end: a MsgStore primary's lead names a commit point no lower
// than its replica knew committed, and a log end no further than it ever held. A replica that kept
// the commit point on disk but not in memory led from 0 after a failover and committed its whole log
// again; a primary that set its log's end one past the log held every read until a new append; both
// passed every rule, read-held trusting the end the lead named.
import { afterEach, describe, expect, it } from 'vitest';
import type { TraceKind } from '../../src/sim/traceKinds.js';
import { EV_LEAD } from '../../src/system/events.js';
import { MsgStore } from '../../src/system/msgStore.js';
import type { Replicate } from '../../src/system/wire.js';
import { plantedVerdicts, verdictOf } from './plants.js';

type Emit = (kind: TraceKind, a?: number, b?: number, c?: number, d?: number) => void;
interface MsgStoreParts {
  lead(epoch: number): void;
  take(from: number, batch: Replicate): void;
  emit: Emit;
  leadEndLsn: number;
  knownCommitLsn: number;
}
const msgStore = MsgStore.prototype as unknown as MsgStoreParts;
const { lead, take } = msgStore;

afterEach(() => {
  msgStore.lead = lead;
  msgStore.take = take;
});

const verdicts = (plant: () => void) => plantedVerdicts((seed) => verdictOf('commit-quorum', 'storage-failover', seed), ['1', '2'], plant);

describe("a MsgStore primary's lead", () => {
  it('starts from the commit point its replica knew, and one that kept that point only on disk fails commit-quorum', () => {
    const plant = () => {
      // The planted bug: the batch's commit point goes to disk, but memory keeps the old one.
      msgStore.take = function (this: MsgStoreParts, from: number, batch: Replicate) {
        const before = this.knownCommitLsn;
        take.call(this, from, batch);
        this.knownCommitLsn = before;
      };
    };
    const detail = /^lead-commit: msgstore-\d led in epoch \d+ from commit point \d+, below LSN \d+, which a batch it acked had told it was committed \(its disk holds that point\)$/;
    for (const failed of verdicts(plant)) expect(failed).toMatchObject({ ok: false, first: { kind: 'lead-commit', detail: expect.stringMatching(detail) } });
  });

  it('ends where its log ends, and one that names an end one past it fails commit-quorum', () => {
    const plant = () => {
      // The planted bug: the end is taken as exclusive, one past the last LSN.
      msgStore.lead = function (this: MsgStoreParts, epoch: number) {
        const { emit } = this;
        this.emit = (kind, a, b, c, d) => emit.call(this, kind, a, b, kind === EV_LEAD ? c! + 1 : c, d);
        try {
          lead.call(this, epoch);
        } finally {
          delete (this as Partial<MsgStoreParts>).emit;
        }
        this.leadEndLsn += 1;
      };
    };
    const detail = /^lead-end: msgstore-\d led in epoch \d+ with its log ending at LSN \d+, past LSN \d+, the furthest it ever received or wrote$/;
    for (const failed of verdicts(plant)) expect(failed).toMatchObject({ ok: false, first: { kind: 'lead-end', detail: expect.stringMatching(detail) } });
  });
});
