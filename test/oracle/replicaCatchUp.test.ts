// commit-quorum after the heal: every replica of a shard comes to hold all the shard committed. A
// replica that refused every batch once it had restarted left its shard on two copies of three for
// good, and broke no other rule on these seeds.
import { afterEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/api.js';
import { MsgStore } from '../../src/system/msgStore.js';

const RUNS = [
  { scenario: 'storage-failover', seed: '2' },
  { scenario: 'baseline', seed: '2' },
];

const failed = ({ scenario, seed }: (typeof RUNS)[number]) => runScenario(scenario, { seed, swarm: true }).invariants.filter((invariant) => !invariant.ok);

describe('replicas after the heal', () => {
  const proto = MsgStore.prototype as unknown as { take(from: number, batch: unknown): void; incarnation: number };
  const take = proto.take;
  afterEach(() => {
    proto.take = take;
  });

  it('all catch up on the correct system, and a replica that refuses batches once restarted fails commit-quorum alone', () => {
    for (const run of RUNS) expect(failed(run)).toEqual([]);
    // The planted bug: a restarted replica drops every batch its primary sends.
    proto.take = function (this: typeof proto, from, batch) {
      if (this.incarnation === 0) take.call(this, from, batch);
    };
    for (const run of RUNS) {
      const violated = failed(run);
      expect(violated.map((invariant) => invariant.name)).toEqual(['commit-quorum']);
      expect(violated[0]!.first?.detail).toMatch(/^after the heal, msgstore-\d's log ends at LSN \d+ in epoch 1 on disk, short of LSN \d+ its shard committed in epoch [12]: the replica was never caught up$/);
    }
  });
});
