// timeliness's failover promise: a MsgStore failover with a majority of the shard's replicas live
// promotes one at once. A configuration service that asked for more than a majority fenced the old
// primary off and promoted nobody whenever one replica of three was down: the shard stalled until
// the old primary came back, within every deadline, and broke no other rule.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runScenario } from '../../src/api.js';
import type { World } from '../../src/system/world.js';

/** The planted bug, while true: a failover fences the old primary off and promotes nobody. */
let promotesNobody = false;

vi.mock('../../src/system/failover.js', async (importOriginal) => {
  const failover = await importOriginal<typeof import('../../src/system/failover.js')>();
  return {
    ...failover,
    failOver: (world: World, shard: number) => {
      if (!promotesNobody) return failover.failOver(world, shard);
      world.sim.crash(world.topology.msgStorePrimary[shard]!, 'failover');
      return undefined;
    },
  };
});

afterEach(() => {
  promotesNobody = false;
});

const SEEDS = ['1', '2', '3'];
const timeliness = (seed: string) => runScenario('storage-failover', { seed }).invariants.find((invariant) => invariant.name === 'timeliness')!;

describe('a MsgStore failover', () => {
  it('promotes a replica whenever a majority is live, and one that promotes nobody fails timeliness', () => {
    for (const seed of SEEDS) expect(timeliness(seed).ok).toBe(true);
    promotesNobody = true;
    for (const seed of SEEDS) {
      const verdict = timeliness(seed);
      expect(verdict.ok).toBe(false);
      expect(verdict.first?.kind).toBe('failover');
      expect(verdict.first?.detail).toMatch(/^failover: shard \d+ was failed over \(msgstore-\d+ fenced off\) with 2 of its 3 replicas live, a majority, and none was promoted$/);
    }
  });
});
