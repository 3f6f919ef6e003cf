// timeliness, lease-term: a max_seq store's lease runs one term from its latest grant or renewal. A
// store that added a term to the one still running at every renewal made a standby wait out leases
// the owner had stopped renewing (deliveries 15 s late after an owner's failure, every rule held).
// lease-grant: and a store grants another allocator the group only once that term and the margin
// are over; one that forgot at a restart the lease it had granted gave a standby the group at once.
import { afterEach, describe, expect, it } from 'vitest';
import type { SystemKnobs } from '../../src/system/config.js';
import { SeqStore } from '../../src/system/seqStore.js';
import type { LeaseReq } from '../../src/system/wire.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface SeqStoreParts {
  lease(from: number, req: LeaseReq): void;
  leaseUntilUs: number;
  granting: boolean;
  localNowUs: number;
  durable: { owner: number };
  knobs: SystemKnobs;
}
const seqStore = SeqStore.prototype as unknown as SeqStoreParts;
const { lease } = seqStore;
const { start } = SeqStore.prototype;

afterEach(() => {
  seqStore.lease = lease;
  SeqStore.prototype.start = start;
});

describe("an allocator's lease", () => {
  it("runs one term from its latest renewal, and a store that adds a term to the one running fails timeliness", () => {
    const plant = () => {
      // The planted bug: a renewal is one more term for the owner, after the one it has.
      seqStore.lease = function (this: SeqStoreParts, from: number, req: LeaseReq) {
        const before = this.leaseUntilUs;
        lease.call(this, from, req);
        const renewed = !this.granting && from === this.durable.owner && this.leaseUntilUs !== before;
        if (renewed) this.leaseUntilUs = Math.max(before, this.localNowUs) + this.knobs.allocatorLeaseUs;
      };
    };
    const detail = /^lease-term: seqstore-\d refused allocator-\d the lease [\d,]+ ms after the term it last granted began, by its clock \(a term is [\d,]+ ms, and the clock-skew margin [\d,]+ ms\)$/;
    for (const failed of plantedVerdicts((seed) => verdictOf('timeliness', 'storage-failover', seed, true), ['2', '4'], plant)) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'lease-term', detail: expect.stringMatching(detail) } });
    }
  });

  it('is granted to another allocator only once its term and the margin are over, and a store that forgets it at a restart fails timeliness', () => {
    const plant = () => {
      // The planted bug: a restarted store forgets the lease it granted just before.
      SeqStore.prototype.start = function (this: SeqStore) {
        start.call(this);
        (this as unknown as SeqStoreParts).leaseUntilUs = 0;
      };
    };
    const detail = /^lease-grant: seqstore-\d granted allocator-\d the lease [\d,]+ ms after its latest term began \(a grant or renewal to allocator-\d, or its own start\), by its clock \(the holder may believe in it for a term, [\d,]+ ms, and the clock-skew margin [\d,]+ ms\)$/;
    for (const failed of plantedVerdicts((seed) => verdictOf('timeliness', 'storage-failover', seed), ['3', '6', '7'], plant)) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'lease-grant', detail: expect.stringMatching(detail) } });
    }
  });
});
