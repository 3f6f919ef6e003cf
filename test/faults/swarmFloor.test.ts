// Every swarm draw holds a fault sure to fire. A seed whose classic draw came out empty (every kind
// out) kept only its aims, which wait for moments that may never come: seed 760379 drew four, none
// fired, and the correct system failed faults-fired in 23 of 25 scenarios. Such a seed now draws
// one server fault from a stream of its own.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/api.js';
import { swarmScenario } from '../../src/faults/swarm.js';
import { loadScenario } from '../../src/scenario/load.js';

const EMPTY_CLASSIC_SEED = '760379';
const FLOOR_KINDS = ['crash', 'partition', 'dc-link', 'msgstore-failover'];

describe('the swarm floor', () => {
  const { scenario } = loadScenario('dead-phones');

  it('gives a seed that drew no kind one server fault that fires', () => {
    const faults = swarmScenario(scenario, EMPTY_CLASSIC_SEED).faults;
    expect(faults).toHaveLength(1);
    expect(FLOOR_KINDS).toContain(faults[0]!.kind);
    const report = runScenario('dead-phones', { seed: EMPTY_CLASSIC_SEED, swarm: true });
    expect(report.faultsFired).toBeGreaterThan(0);
    expect(report.outcome).toBe('passed');
  });

  it('leaves a kind left out of the draw out of the floor too', () => {
    const allOut = swarmScenario(scenario, EMPTY_CLASSIC_SEED, { without: ['crash', 'partition', 'dc-link', 'msgstore-failover'] });
    expect(allOut.faults).toEqual([]);
    const kind = swarmScenario(scenario, EMPTY_CLASSIC_SEED).faults[0]!.kind;
    const other = swarmScenario(scenario, EMPTY_CLASSIC_SEED, { without: [kind as 'crash'] }).faults;
    expect(other).toHaveLength(1);
    expect(other[0]!.kind).not.toBe(kind);
  });

  it('keeps the knobs of a seed it adds to', () => {
    const drawn = swarmScenario(scenario, EMPTY_CLASSIC_SEED);
    const bare = swarmScenario(scenario, EMPTY_CLASSIC_SEED, { without: ['crash', 'partition', 'dc-link', 'msgstore-failover'] });
    expect(drawn.knobs).toEqual(bare.knobs);
    expect(drawn.workload).toEqual(bare.workload);
  });

  it('leaves every draw over 20,000 seeds with a fault that is not a crash point', () => {
    for (let seed = 1; seed <= 20_000; seed++) {
      const faults = swarmScenario(scenario, String(seed)).faults;
      expect(faults.some((fault) => fault.kind !== 'crash-point')).toBe(true);
    }
  });
});
