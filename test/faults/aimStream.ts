// An aim added once seeds were in use draws from a stream of its own: with it or without it, every
// seed draws every other fault the same. Shared by the tests of such aims.
import { expect } from 'vitest';
import { AIMS } from '../../src/faults/aims.js';
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
