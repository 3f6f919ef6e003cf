// timeliness, replicate-from: a MsgStore primary replicates to each replica from where it is known
// to hold the log: after a takeover, from the commit point it leads with. One that re-shipped its
// whole log from LSN 1 after each takeover broke no other rule. replicate-carries: and each batch
// carries an entry; one whose idle test was off by one sent caught-up replicas empty batches
// without end, and broke no other rule.
import { afterEach, describe, expect, it } from 'vitest';
import { epochAt } from '../../src/system/replicatedLog.js';
import { MAX_BATCH, Replicator, type ReplicationSource } from '../../src/system/replicator.js';
import type { Process } from '../../src/sim/process.js';
import type { TimerHandle } from '../../src/sim/simulation.js';
import type { Wire } from '../../src/system/wire.js';
import { textBytesOf } from '../../src/system/wireSizes.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface ReplicatorParts {
  pumpAll(): void;
  pump(index: number): void;
  peers: { readonly id: number; next: number; reqId: number; timer: TimerHandle | undefined }[];
  startedFromOne?: boolean;
  readonly owner: Process<Wire>;
  readonly source: ReplicationSource;
  nextReqId: number;
  readonly timerTag: number;
  readonly timeoutUs: number;
}
const replicator = Replicator.prototype as unknown as ReplicatorParts;
const { pumpAll, pump } = replicator;

afterEach(() => {
  replicator.pumpAll = pumpAll;
  replicator.pump = pump;
});

describe('replication, where it starts', () => {
  it('starts from the commit point after a takeover, and a primary that re-ships its whole log fails timeliness', () => {
    // The planted bug: a new replication's first batches start at LSN 1 (every replicator's first pump is a pumpAll).
    const plant = () => {
      replicator.pumpAll = function (this: ReplicatorParts) {
        if (this.startedFromOne !== true) {
          this.startedFromOne = true;
          for (const peer of this.peers) peer.next = 1;
        }
        pumpAll.call(this);
      };
    };
    for (const failed of plantedVerdicts((seed) => verdictOf('timeliness', 'storage-failover', seed), ['1', '2', '3'], plant)) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'replicate-from', detail: expect.stringMatching(/^replicate-from: msgstore-\d sent msgstore-\d a batch from LSN 1, below the commit point \d+ it leads with in epoch \d+ \(a majority holds everything up to it\)$/) } });
    }
  });

  it('sends only batches that carry entries, and a primary whose idle test is off by one fails timeliness', () => {
    // The planted bug: Replicator.pump with its idle test on the batch's previous LSN, not its first.
    const plant = () => {
      replicator.pump = function (this: ReplicatorParts, index: number) {
        const peer = this.peers[index]!;
        const source = this.source;
        const prevLsn = peer.next - 1;
        if (peer.reqId !== 0 || prevLsn > source.durableLsn()) return;
        const reqId = this.nextReqId++;
        peer.reqId = reqId;
        peer.timer = this.owner.armTimeout(this.timeoutUs, this.timerTag, index);
        const entries = source.log.slice(prevLsn, Math.min(source.durableLsn(), prevLsn + MAX_BATCH));
        const prevEpoch = epochAt(source.entries, source.log, prevLsn);
        this.owner.send(peer.id, { type: 'replicate', reqId, epoch: source.epoch, prevLsn, prevEpoch, entries, textBytes: textBytesOf(source.entries, entries), commitLsn: source.commitLsn() });
      };
    };
    for (const failed of plantedVerdicts((seed) => verdictOf('timeliness', 'baseline', seed), ['1'], plant)) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'replicate-carries', detail: expect.stringMatching(/^replicate-carries: msgstore-\d sent msgstore-\d a batch from LSN \d+ with no entries \(a batch goes only for entries the replica lacks\)$/) } });
    }
  });
});
