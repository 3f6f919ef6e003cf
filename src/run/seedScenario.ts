// The scenario one seed runs. Without swarm mode, the scenario as loaded (its `--set` overrides
// applied). With it, the seed's swarm draw on top of that, then the overrides once more: what the
// user set on the command line wins over what the draw varies (page size, allocator step, platform
// push, the heal). The faults are the draw itself, so an override under `faults` and swarm mode
// cannot go together.
import type { FaultKind } from '../faults/kinds.js';
import { fitDrawnFaults } from '../faults/fitDrawn.js';
import { drawSwarm, type SwarmDraw } from '../faults/swarmDraws.js';
import { InputError } from '../scenario/errors.js';
import { parseWithOverrides, type Override } from '../scenario/overrides.js';
import type { Scenario } from '../scenario/schema.js';

export interface SeedDraw {
  readonly swarm: boolean;
  /** Which swarm draw (default: targeted). */
  readonly draw?: SwarmDraw | undefined;
  /** Fault kinds the swarm draw leaves out (`--without-fault`). */
  readonly without?: readonly FaultKind[];
}

export function seedScenario(scenario: Scenario, overrides: readonly Override[], seed: string, { swarm, draw, without = [] }: SeedDraw): Scenario {
  if (!swarm) return scenario;
  checkSwarmOverrides(overrides);
  return fitDrawnFaults(parseWithOverrides(drawSwarm(scenario, seed, draw, { without }), overrides, `${scenario.name ?? 'scenario'} (swarm seed ${seed})`));
}

/** Refuses an override of the faults in swarm mode, which draws them anew for every seed. */
export function checkSwarmOverrides(overrides: readonly Override[]): void {
  const faults = overrides.find((override) => override.path[0] === 'faults');
  if (faults !== undefined) throw new InputError('BAD_ARGUMENT', `--set ${faults.text}: --swarm draws the faults for each seed; set faults in the scenario file, or run without --swarm`);
}
