// The hunt's mutations keep a scenario valid: whatever a chain of them does to a swarm draw's
// schedule, the scenario passes the schema and its fault targets name what the world has; shift and
// retarget keep the number of faults, add and drop change it by one. A schedule keeps a fault sure
// to fire: the last one is shifted rather than dropped.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mutateSchedule } from '../../src/faults/scheduleMutations.js';
import { firesSurely } from '../../src/faults/swarm.js';
import { targetedSwarmScenario } from '../../src/faults/targetedSwarm.js';
import { checkFaultTargets } from '../../src/scenario/faultTargets.js';
import { loadScenario } from '../../src/scenario/load.js';
import { scenarioSchema } from '../../src/scenario/schema.js';
import { RandomStream } from '../../src/sim/random.js';

const base = loadScenario('mutant-hunt').scenario;

describe('fault schedule mutations', () => {
  it('keep the scenario valid, and add or drop one fault at a time', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 12 }), (seed, steps) => {
        const random = new RandomStream(`mutations/${seed}`);
        let scenario = targetedSwarmScenario(base, String(seed));
        for (let i = 0; i < steps; i++) {
          const before = scenario.faults;
          const { scenario: after, mutation } = mutateSchedule(scenario, random);
          const size = { shift: 0, retarget: 0, add: 1, drop: -1 }[mutation];
          expect(after.faults.length).toBe(before.length + size);
          expect(scenarioSchema.safeParse(after).success).toBe(true);
          expect(checkFaultTargets(after).errors).toEqual([]);
          for (const fault of after.faults) expect(fault.at).toBeLessThanOrEqual(after.durationMs);
          expect(after.faults.some(firesSurely)).toBe(true);
          scenario = after;
        }
      }),
      { numRuns: 60 },
    );
  });

  it('retarget a fault timed to a moment only to processes that reach it', () => {
    const timed = scenarioSchema.parse({
      ...base,
      faults: [
        { at: 5_000, for: 500, kind: 'crash', target: 'servers-any', on: 'commit' },
        { at: 6_000, for: 500, kind: 'crash', target: 'servers-any', on: 'alloc.before-persist' },
        { at: 7_000, for: 500, kind: 'crash', target: 'sendsvr-0', on: 'disk-written' },
      ],
    });
    const roles = new Set<string>();
    for (let seed = 1; seed <= 300; seed++) {
      const { scenario, mutation } = mutateSchedule(timed, new RandomStream(`retarget/${seed}`));
      if (mutation !== 'retarget') continue;
      expect(checkFaultTargets(scenario).errors).toEqual([]);
      for (const fault of scenario.faults) if (fault.on === 'commit' || fault.on === 'alloc.before-persist') roles.add(`${fault.on} ${fault.target.split('-')[0]}`);
    }
    expect([...roles].sort()).toEqual(['alloc.before-persist allocator', 'commit msgstore', 'alloc.before-persist servers', 'commit servers'].sort());
  });

  it('shift the last fault sure to fire rather than drop it, and drop the others', () => {
    const lastSure = scenarioSchema.parse({
      ...base,
      faults: [
        { at: 5_000, for: 500, kind: 'crash', target: 'sendsvr-0' },
        { at: 6_000, for: 500, kind: 'crash', target: 'allocator-*', on: 'alloc.before-persist' },
        { at: 7_000, for: 500, kind: 'crash-point', target: 'msgstore-*', point: 'store.after-alloc' },
      ],
    });
    const sizes = new Set<number>();
    for (let seed = 1; seed <= 300; seed++) {
      const { scenario } = mutateSchedule(lastSure, new RandomStream(`drop/${seed}`));
      expect(scenario.faults.some(firesSurely)).toBe(true);
      sizes.add(scenario.faults.length);
    }
    expect([...sizes].sort()).toEqual([2, 3, 4]);
  });
});
