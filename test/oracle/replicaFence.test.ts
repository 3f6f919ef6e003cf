// commit-quorum, replica-fence: a MsgStore replica takes no batch of an epoch older than one it has
// acked. One without the fence let a deposed primary's late batch cut its log back, and in 8 of 10
// replay runs passed every other rule (the erased entries were sent again before anyone needed them).
import { afterEach, describe, expect, it } from 'vitest';
import { MsgStore } from '../../src/system/msgStore.js';
import type { Replicate } from '../../src/system/wire.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface MsgStoreParts {
  epoch: number;
  take(from: number, batch: Replicate): void;
}
const msgStore = MsgStore.prototype as unknown as MsgStoreParts;
const { take } = msgStore;

afterEach(() => {
  msgStore.take = take;
});

describe('a replica', () => {
  it("fences off a deposed primary's batches, and one that takes them fails commit-quorum", () => {
    const plant = () => {
      msgStore.take = function (this: MsgStoreParts, from: number, batch: Replicate) {
        // The planted bug: no fence; the replica takes the batch's epoch whatever it held.
        this.epoch = Math.min(this.epoch, batch.epoch);
        take.call(this, from, batch);
      };
    };
    const detail = /^replica-fence: msgstore-\d+ (acked|refused \(to resend from its LSN \d+\)) batch \d+ of msgstore-\d+ in epoch (\d+), after it had acked a batch of epoch (?!\2)\d+/;
    const verdicts = plantedVerdicts((seed) => verdictOf('commit-quorum', 'replays', seed), ['1', '2', '3'], plant);
    for (const failed of verdicts) expect(failed).toMatchObject({ ok: false, first: { kind: 'replica-fence', detail: expect.stringMatching(detail) } });
  });
});
