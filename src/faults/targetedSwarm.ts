// The targeted swarm draw: the classic draw, unchanged (the same stream), and on top of it a few
// faults aimed at protocol moments (aims.ts), from a stream of their own. Like the classic draw it
// is a pure function of the scenario and seed, and lands in the scenario, so a replay is exact.
import { RandomStream } from '../sim/random.js';
import type { Scenario } from '../scenario/schema.js';
import { AIMS, type Aim } from './aims.js';
import type { FaultKind } from './kinds.js';
import { armedAtMs, swarmScenario, type SwarmOptions } from './swarm.js';

type Fault = Scenario['faults'][number];

/** The chance that an aim is in for a seed (so a seed has about three aimed faults). */
const AIM_IN = 0.3;

/** `aims`: the aims to draw from (a test leaves some out). */
export function targetedSwarmScenario(scenario: Scenario, seed: string, options: SwarmOptions = {}, aims: readonly Aim[] = AIMS): Scenario {
  const classic = swarmScenario(scenario, seed, options);
  const random = new RandomStream(`${seed}/swarm-aims`);
  // The first aims share a stream: each in or out, then the faults of those in, in order.
  const aimed = aims.filter((aim) => aim.stream === undefined && random.bernoulli(AIM_IN)).flatMap((aim) => aimedFaults(aim, random, scenario));
  for (const aim of aims) {
    if (aim.stream === undefined) continue;
    const own = new RandomStream(`${seed}/swarm-aim/${aim.stream}`);
    if (own.bernoulli(AIM_IN)) aimed.push(...aimedFaults(aim, own, scenario));
  }
  // A kind left out of the draw is left out of the aims too; the other aims are drawn unchanged.
  const without = new Set<string>(options.without ?? ([] as FaultKind[]));
  return { ...classic, faults: [...classic.faults, ...aimed.filter((fault) => !without.has(fault.kind))].sort((a, b) => a.at - b.at) };
}

/** The aim's fault (and its second, armed with it), armed in the same span as the classic faults; each strikes at its moment after that. */
function aimedFaults(aim: Aim, random: RandomStream, scenario: Scenario): Fault[] {
  const at = armedAtMs(random, scenario);
  const first = { at, ...aim.draw(random, scenario) };
  return aim.then === undefined ? [first] : [first, { at, ...aim.then(random, scenario) }];
}
