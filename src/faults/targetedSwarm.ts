// The targeted swarm draw: the classic draw, unchanged (the same stream), and on top of it a few
// faults aimed at protocol moments (aims.ts), from a stream of their own. Like the classic draw it
// is a pure function of the scenario and seed, and lands in the scenario, so a replay is exact.
import { RandomStream } from '../sim/random.js';
import type { Scenario } from '../scenario/schema.js';
import { AIMS } from './aims.js';
import type { FaultKind } from './kinds.js';
import { swarmScenario, type SwarmOptions } from './swarm.js';

/** The chance that an aim is in for a seed (so a seed has about three aimed faults). */
const AIM_IN = 0.3;

export function targetedSwarmScenario(scenario: Scenario, seed: string, options: SwarmOptions = {}): Scenario {
  const classic = swarmScenario(scenario, seed, options);
  const random = new RandomStream(`${seed}/swarm-aims`);
  const durationMs = scenario.durationMs;
  const aimed = AIMS.filter(() => random.bernoulli(AIM_IN)).map((aim) => ({
    // Armed in the same span as the classic faults; it strikes at its moment after that.
    at: random.int(Math.round(durationMs * 0.05), Math.round(durationMs * 0.85)),
    ...aim.draw(random),
  }));
  // A kind left out of the draw is left out of the aims too; the other aims are drawn unchanged.
  const without = new Set<string>(options.without ?? ([] as FaultKind[]));
  return { ...classic, faults: [...classic.faults, ...aimed.filter((fault) => !without.has(fault.kind))].sort((a, b) => a.at - b.at) };
}
