// timeliness, read-once: a MsgStore reads its log once a read request that reached it. A primary
// that served the reads it held back after a takeover, but never emptied the list, served each
// again at every later commit (6.7 times the reads) and broke no other rule.
import { afterEach, describe, expect, it } from 'vitest';
import { MsgStore } from '../../src/system/msgStore.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface MsgStoreParts {
  advanceCommit(): void;
  heldReads: unknown[];
}
const msgStore = MsgStore.prototype as unknown as MsgStoreParts;
const { advanceCommit } = msgStore;

afterEach(() => {
  msgStore.advanceCommit = advanceCommit;
});

describe('reads at a MsgStore', () => {
  it('come once a read request, and a primary that never empties the reads it held fails timeliness', () => {
    const plant = () => {
      msgStore.advanceCommit = function (this: MsgStoreParts) {
        const held = this.heldReads;
        advanceCommit.call(this);
        // The planted bug: the held reads are served, and kept.
        if (held.length > 0 && this.heldReads.length === 0) this.heldReads = held;
      };
    };
    const seeds = [['storage-failover', '7'], ['replays', '15']] as const;
    const verdicts = plantedVerdicts((key) => verdictOf('timeliness', key.split('/')[0]!, key.split('/')[1]!, true), seeds.map(([scenario, seed]) => `${scenario}/${seed}`), plant);
    for (const failed of verdicts) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'read-once', detail: expect.stringMatching(/^read-once: msgstore-\d read its log for device-u\d+-\d, its read (\d+), with \d+ read requests received \(a store reads once a request\)$/) } });
    }
  });
});
