// An aim added once seeds were in use draws from a stream of its own: with it or without it, every
// seed draws every other fault the same; and a bug planted where only the aim reaches shows with it
// and not without it. Shared by the tests of such aims.
import { expect } from 'vitest';
import { runScenario } from '../../src/api.js';
import { AIMS } from '../../src/faults/aims.js';
import { drawServers } from '../../src/faults/swarmServers.js';
import { targetedSwarmScenario } from '../../src/faults/targetedSwarm.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/schema.js';

export type Fault = Scenario['faults'][number];

/**
 * Over seeds 1-200 of mutant-hunt, asserts that the targeted draw without the aim of `stream` is
 * the draw with it, less the faults `isAimFault` picks out; returns how many seeds gained one.
 */
export function seedsGainingOwnStreamAim(stream: string, isAimFault: (fault: Fault) => boolean): number {
  const { scenario } = loadScenario('mutant-hunt');
  const withoutIt = AIMS.filter((aim) => aim.stream !== stream);
  expect(withoutIt.length).toBe(AIMS.length - 1);
  let gained = 0;
  for (let seed = 1; seed <= 200; seed++) {
    const all = targetedSwarmScenario(scenario, String(seed)).faults;
    const others = targetedSwarmScenario(scenario, String(seed), {}, withoutIt).faults;
    expect(all.filter((fault) => !isAimFault(fault))).toEqual(others);
    if (all.length > others.length) gained++;
  }
  return gained;
}

/** A run's failed invariants, with each one's first violation. */
export function failuresOf(scenario: Parameters<typeof runScenario>[0], seed: string, swarm: boolean): { readonly name: string; readonly detail: string }[] {
  return runScenario(scenario, { seed, swarm })
    .invariants.filter((invariant) => !invariant.ok)
    .map((invariant) => ({ name: invariant.name, detail: invariant.first?.detail ?? '' }));
}

/**
 * On these mutant-hunt swarm seeds (whose draw has the aim of `stream`): the correct system passes;
 * after `plant`, each run's failures go to `judge`; and the same draw less the aim passes.
 */
export function plantShowsOnlyWithAim(stream: string, seeds: readonly string[], plant: () => void, judge: (failures: { readonly name: string; readonly detail: string }[], seed: string) => void): void {
  const { scenario } = loadScenario('mutant-hunt');
  const withoutAim = AIMS.filter((aim) => aim.stream !== stream);
  for (const seed of seeds) expect(failuresOf('mutant-hunt', seed, true), seed).toEqual([]);
  plant();
  for (const seed of seeds) {
    judge(failuresOf('mutant-hunt', seed, true), seed);
    // The same world as the swarm run's: its servers are drawn apart from its faults.
    const withoutAimDraw = { ...targetedSwarmScenario(scenario, seed, {}, withoutAim), servers: drawServers(scenario, seed) };
    expect(failuresOf(withoutAimDraw, seed, false), seed).toEqual([]);
  }
}
