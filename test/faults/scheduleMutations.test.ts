// The hunt's mutations keep a scenario valid: whatever a chain of them does to a swarm draw's
// schedule, the scenario passes the schema and its fault targets name what the world has; shift and
// retarget keep the number of faults, add and drop change it by one.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mutateSchedule } from '../../src/faults/scheduleMutations.js';
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
          scenario = after;
        }
      }),
      { numRuns: 60 },
    );
  });
});
