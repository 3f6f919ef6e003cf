// timeliness, replicate-from: a MsgStore primary replicates to each replica from where it is known
// to hold the log: after a takeover, from the commit point it leads with. One that re-shipped its
// whole log from LSN 1 after each takeover broke no other rule.
import { afterEach, describe, expect, it } from 'vitest';
import { Replicator } from '../../src/system/replicator.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface ReplicatorParts {
  pumpAll(): void;
  peers: { next: number }[];
  startedFromOne?: boolean;
}
const replicator = Replicator.prototype as unknown as ReplicatorParts;
const { pumpAll } = replicator;

afterEach(() => {
  replicator.pumpAll = pumpAll;
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
});
