// seq-allocation, above-durable: no seq is issued above the max_seq its section's store holds on
// disk. A seq store that answered a max_seq write at once, its write landing later, reissued seqs
// only after a store crash in that window and an owner's restart or takeover: it passed every rule
// in 80 runs of seeds 1-10. Judged at each seq as issued, against the store's own disk.
import { afterEach, describe, expect, it } from 'vitest';
import { SeqStore } from '../../src/system/seqStore.js';
import type { MaxSeqWrite } from '../../src/system/wire.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface SeqStoreParts {
  write(from: number, req: MaxSeqWrite): void;
  send(to: number, message: unknown): void;
  durable: { owner: number };
}
const store = SeqStore.prototype as unknown as SeqStoreParts;
const { write } = store;

afterEach(() => {
  store.write = write;
});

describe('max_seq durable before a seq under it', () => {
  it('issues seqs only under the durable max_seq, and a store that answers before its write lands fails seq-allocation', () => {
    const plant = () => {
      store.write = function (this: SeqStoreParts, from: number, req: MaxSeqWrite) {
        write.call(this, from, req);
        // The planted bug: the owner's answer goes now; the write lands in the background.
        if (from === this.durable.owner) this.send(from, { type: 'maxseq-resp', reqId: req.reqId, ok: true });
      };
    };
    const detail = /^seq \d+ issued to user \d+ by allocator-\d above section \d+'s max_seq on its store's disk, \d+ \(a seq is issued only under a max_seq the store holds durably\)$/;
    for (const scenario of ['baseline', 'seq-exhaustion']) {
      for (const failed of plantedVerdicts((seed) => verdictOf('seq-allocation', scenario, seed), ['1', '2'], plant)) {
        expect(failed).toMatchObject({ ok: false, first: { kind: 'above-durable', detail: expect.stringMatching(detail) } });
      }
      store.write = write;
    }
  });
});
