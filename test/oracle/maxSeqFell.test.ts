// seq-allocation, max-fell: a section's max_seq on its store's disk never falls. A store that wrote
// each max_seq as asked (no max with what it held) let a first try the network held back, landing
// after its retry and a later raise, lower it; the harm showed only where a handover came later.
// Planted here as it showed: the store's write of a max_seq sets it as the request asks. Nor does a
// power loss take back a raise the store answered: one that left its raises to the page cache's
// writeback lost one with the power, and its owner issued seqs over a disk that no longer held them.
import { afterEach, describe, expect, it } from 'vitest';
import { SeqStore } from '../../src/system/seqStore.js';
import type { MaxSeqWrite } from '../../src/system/wire.js';
import { ownPropertyRestorer, plantedVerdicts, verdictOf } from './plants.js';

interface Disk {
  readonly sectionMax: Map<number, number>;
}
type Undo = () => void;
interface StoreParts {
  write(from: number, req: MaxSeqWrite): void;
  persist(mutate: (disk: Disk) => Undo | void, tag: number, data?: unknown, options?: { readonly sync: boolean }): void;
}
const store = SeqStore.prototype as unknown as StoreParts;
const { write } = store;
const restorePersist = ownPropertyRestorer(store, 'persist');

afterEach(() => {
  store.write = write;
  restorePersist();
});

describe("a section's max_seq on disk", () => {
  it('only rises, and a store that writes each one as asked fails seq-allocation', () => {
    const inherited = store.persist;
    const plant = () => {
      let asked: MaxSeqWrite | undefined;
      store.write = function (this: StoreParts, from: number, req: MaxSeqWrite) {
        asked = req;
        write.call(this, from, req);
        asked = undefined;
      };
      store.persist = function (this: StoreParts, mutate: (disk: Disk) => void, tag: number, data?: unknown) {
        // The planted bug: the max_seq as the request asks, not the higher of it and the one held.
        const req = asked;
        inherited.call(this, req === undefined ? mutate : (disk) => disk.sectionMax.set(req.section, req.maxSeq), tag, data);
      };
    };
    const detail = /^section \d+'s max_seq on seqstore-\d+'s disk fell from (\d+) to (?!\1)\d+ \(it only rises/;
    const verdicts = plantedVerdicts((seed) => verdictOf('seq-allocation', 'storage-failover', seed, true), ['8'], plant);
    for (const failed of verdicts) expect(failed).toMatchObject({ ok: false, first: { kind: 'max-fell', detail: expect.stringMatching(detail) } });
  });

  it('survives a power loss once the store answered it, and a store that writes raises unsynced fails seq-allocation', () => {
    const inherited = store.persist;
    const plant = () => {
      let writing = false;
      store.write = function (this: StoreParts, from: number, req: MaxSeqWrite) {
        writing = true;
        write.call(this, from, req);
        writing = false;
      };
      store.persist = function (this: StoreParts, mutate: (disk: Disk) => Undo | void, tag: number, data?: unknown) {
        if (!writing) return inherited.call(this, mutate, tag, data);
        // The planted bug: a raise is left to the page cache's writeback, with what undoes it.
        const undoable = (disk: Disk): Undo => {
          const before = new Map(disk.sectionMax);
          mutate(disk);
          return () => {
            disk.sectionMax.clear();
            for (const [section, maxSeq] of before) disk.sectionMax.set(section, maxSeq);
          };
        };
        inherited.call(this, undoable, tag, data, { sync: false });
      };
    };
    const detail = /^section \d+'s max_seq on seqstore-\d+'s disk fell from (\d+) to (?!\1)\d+: a power loss took back a raise the store had answered, written without a sync/;
    const verdicts = plantedVerdicts((seed) => verdictOf('seq-allocation', 'storage-failover', seed), ['10'], plant);
    for (const failed of verdicts) expect(failed).toMatchObject({ ok: false, first: { kind: 'max-fell', detail: expect.stringMatching(detail) } });
  });
});
