// timeliness, store-write: a max_seq store writes its disk only to grant a lease or raise a
// section's max_seq; a renewal by the holder is answered from memory. A store that made a synced
// write of every renewal wrote its disk 89% more often and held each renewal back a disk write,
// and broke no other rule.
import { afterEach, describe, expect, it } from 'vitest';
import { SeqStore } from '../../src/system/seqStore.js';
import type { LeaseReq } from '../../src/system/wire.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface StoreParts {
  readonly durable: { owner: number };
  readonly epoch: number;
  lease(from: number, req: LeaseReq): void;
  onDiskWritten(tag: number, data: unknown): void;
  persist(mutate: (disk: { owner: number }) => void, tag: number): void;
}
const store = SeqStore.prototype as unknown as StoreParts;
const { lease, onDiskWritten } = store;
/** The plant's own disk tag: the store's handler is told to take no action on it. */
const RENEW_TAG = 99;

afterEach(() => {
  Object.assign(store, { lease, onDiskWritten });
});

describe("a max_seq store's disk writes", () => {
  it('are grants and raises only, and a store that writes every renewal fails timeliness', () => {
    const plant = () => {
      store.lease = function (this: StoreParts, from: number, req: LeaseReq) {
        const renewal = from === this.durable.owner && req.epoch === this.epoch && req.epoch > 0;
        lease.call(this, from, req);
        // The planted bug: the renewal is recorded too, "so the holder never runs on a lease the store could forget".
        if (renewal) this.persist((disk) => (disk.owner = from), RENEW_TAG);
      };
      store.onDiskWritten = function (this: StoreParts, tag: number, data: unknown) {
        if (tag !== RENEW_TAG) onDiskWritten.call(this, tag, data);
      };
    };
    const detail = /^store-write: a disk write of seqstore-\d landed at [\d,]+ ms and was neither a lease grant nor a max_seq raise \(a max_seq store writes only those; a renewal is answered from memory\)$/;
    for (const failed of plantedVerdicts((seed) => verdictOf('timeliness', 'baseline', seed), ['1', '2'], plant)) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'store-write', detail: expect.stringMatching(detail) } });
    }
  });
});
