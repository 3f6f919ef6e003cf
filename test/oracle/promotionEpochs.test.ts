// commit-quorum, stale-epoch: every promotion leads in a new epoch, above any its shard has had. A
// failover that bumped the shard map's epoch but promoted with the old one wrote in the deposed
// primary's epoch, so (LSN, epoch) no longer told a divergent tail apart: 2 of 80 runs broke a rule.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { World } from '../../src/system/world.js';
import { plantedVerdicts, verdictOf } from './plants.js';

/** The planted bug, while true: the map's epoch goes up by one, the promotion keeps the old one. */
let promotesInOldEpoch = false;

vi.mock('../../src/system/failover.js', async (importOriginal) => {
  const failover = await importOriginal<typeof import('../../src/system/failover.js')>();
  return {
    ...failover,
    failOver: (world: World, shard: number) => {
      if (!promotesInOldEpoch) return failover.failOver(world, shard);
      const epochs = world.topology.msgStoreEpoch;
      epochs[shard]!--;
      const chosen = failover.failOver(world, shard);
      epochs[shard]!++;
      return chosen;
    },
  };
});

afterEach(() => {
  promotesInOldEpoch = false;
});

describe('promotion epochs', () => {
  it('rise with every promotion, and a failover that promotes in the old epoch fails commit-quorum', () => {
    const detail = /^msgstore-\d was promoted in epoch (\d+), not above epoch \1, which its shard has had \(a new primary leads in a new epoch\)$/;
    for (const failed of plantedVerdicts((seed) => verdictOf('commit-quorum', 'replays', seed), ['8', '9'], () => (promotesInOldEpoch = true))) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'stale-epoch', detail: expect.stringMatching(detail) } });
    }
  });
});
