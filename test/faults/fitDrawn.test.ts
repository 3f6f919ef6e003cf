// The swarm and the hunt draw targets from fixed lists, in any world; what they run must be a
// scenario `seqsim run` takes, since their replays, hunt's run-N.yaml files and shrunk scenarios
// run as plain files. An iOS-less world and a short quiet time make the raw draws refused (a
// platform nobody has, a stall past the run's end): fitted, none is.
import { describe, expect, it } from 'vitest';
import { fitDrawnFaults } from '../../src/faults/fitDrawn.js';
import { mutateSchedule } from '../../src/faults/scheduleMutations.js';
import { drawSwarm } from '../../src/faults/swarmDraws.js';
import { runScenario } from '../../src/api.js';
import { seedScenario } from '../../src/run/seedScenario.js';
import { checkFaultTargets } from '../../src/scenario/faultTargets.js';
import { scenarioSchema } from '../../src/scenario/schema.js';
import { RandomStream } from '../../src/sim/random.js';

const world = scenarioSchema.parse({ durationMs: 20_000, quiesceMaxMs: 1_000, users: { count: 12, devices: ['android', 'desktop'] } });
const SEEDS = Array.from({ length: 300 }, (_, i) => String(i + 1));

describe('drawn faults fitted to the world', () => {
  it('leaves no swarm draw that validation refuses, where the raw draws often were', () => {
    const rawRefused = SEEDS.filter((seed) => checkFaultTargets(drawSwarm(world, seed, 'classic')).errors.length > 0);
    expect(rawRefused.length).toBeGreaterThan(10);
    for (const seed of SEEDS) {
      for (const draw of ['classic', 'targeted'] as const) {
        const drawn = seedScenario(world, [], seed, { swarm: true, draw });
        expect(checkFaultTargets(drawn).errors, `${draw} ${seed}`).toEqual([]);
      }
    }
  });

  it('leaves no hunt mutation that validation refuses', () => {
    const random = new RandomStream('fit-hunt');
    let scenario = seedScenario(world, [], '1', { swarm: true, draw: 'targeted' });
    let rawRefused = 0;
    for (let i = 0; i < 400; i++) {
      const mutated = mutateSchedule(scenario, random).scenario;
      if (checkFaultTargets(mutated).errors.length > 0) rawRefused++;
      scenario = fitDrawnFaults(mutated);
      expect(checkFaultTargets(scenario).errors, `mutation ${i}`).toEqual([]);
    }
    expect(rawRefused).toBeGreaterThan(0);
  });

  it('changes nothing in a world that has every platform drawn, with time to go quiet', () => {
    const full = scenarioSchema.parse({ durationMs: 20_000, users: { count: 12, devices: ['ios', 'android', 'desktop'] } });
    for (const seed of SEEDS.slice(0, 50)) {
      const raw = drawSwarm(full, seed, 'classic');
      expect(fitDrawnFaults(raw)).toEqual(raw);
    }
  });

  it('keeps a stall it cuts within the run, so what it held arrives and the correct system passes', () => {
    const stalled = scenarioSchema.parse({ ...world, faults: [{ at: 19_000, for: 15_000, kind: 'stall', target: 'devices-any' }] });
    const fitted = fitDrawnFaults(stalled);
    expect(fitted.faults[0]).toMatchObject({ at: 19_000, for: 1_999 });
    expect(runScenario(fitted, { seed: 1 }).ok).toBe(true);
  });
});
