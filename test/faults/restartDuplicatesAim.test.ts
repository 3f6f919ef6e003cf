// The targeted swarm's aim at an allocator's restart: two faults armed together, a crash as the
// allocator raises a max_seq and, once it is back, its data-centre links duplicating and
// reordering, so the lease grant that starts its new life may arrive twice.
import { describe, expect, it } from 'vitest';
import { targetedSwarmScenario } from '../../src/faults/targetedSwarm.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/schema.js';

type Fault = Scenario['faults'][number];

describe('the aim at an allocator restart', () => {
  it('arms the crash and the weak links together, the links to strike at the restart', () => {
    const { scenario } = loadScenario('seqsvr-restart');
    let seedsIn = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const faults = targetedSwarmScenario(scenario, String(seed)).faults;
      const links = faults.filter((fault) => fault.kind === 'dc-link' && fault.on === 'restart');
      if (links.length === 0) continue;
      seedsIn++;
      expect(links).toHaveLength(1);
      const link = links[0]!;
      expect(link).toMatchObject({ target: 'allocator-*', profile: 'dc-reordering', delayMs: 0 });
      expect(link.for).toBeGreaterThanOrEqual(1_000);
      expect(link.for).toBeLessThan(5_000);
      const partner = (fault: Fault) => fault.kind === 'crash' && fault.on === 'alloc.before-persist' && fault.at === link.at;
      expect(faults.filter(partner)).toHaveLength(1);
    }
    expect(seedsIn).toBeGreaterThan(40);
    expect(seedsIn).toBeLessThan(90);
  });
});
