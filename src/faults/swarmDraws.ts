// The two swarm draws: `targeted` (the default) aims some faults at protocol moments; `classic`
// strikes only at clock offsets, and is kept to measure what aiming buys (mutants --compare-swarm).
import type { Scenario } from '../scenario/schema.js';
import { swarmScenario, type SwarmOptions } from './swarm.js';
import { drawServers } from './swarmServers.js';
import { targetedSwarmScenario } from './targetedSwarm.js';

export const SWARM_DRAWS = {
  targeted: targetedSwarmScenario,
  classic: swarmScenario,
} as const satisfies Record<string, (scenario: Scenario, seed: string, options?: SwarmOptions) => Scenario>;

export type SwarmDraw = keyof typeof SWARM_DRAWS;

export const SWARM_DRAW_NAMES = Object.keys(SWARM_DRAWS) as SwarmDraw[];

export function isSwarmDraw(name: string): name is SwarmDraw {
  return Object.hasOwn(SWARM_DRAWS, name);
}

/** This seed's swarm draw of the scenario: its faults and knobs by the named draw, its servers by drawServers (either draw). */
export function drawSwarm(scenario: Scenario, seed: string, draw: SwarmDraw = 'targeted', options: SwarmOptions = {}): Scenario {
  return { ...SWARM_DRAWS[draw](scenario, seed, options), servers: drawServers(scenario, seed) };
}
