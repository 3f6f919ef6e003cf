// Aims added once seeds were in use draw from streams of their own (in or out, and their faults),
// so adding one leaves every other fault of every seed as it was: a seed a test or a bug report pins
// keeps its run unless the new aim is in for it.
import { describe, expect, it } from 'vitest';
import { AIMS } from '../../src/faults/aims.js';
import { targetedSwarmScenario } from '../../src/faults/targetedSwarm.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/schema.js';

type Fault = Scenario['faults'][number];

/** The faults as a multiset: sorted JSON, as equal `at`s may sort either way. */
const asBag = (faults: readonly Fault[]) => faults.map((fault) => JSON.stringify(fault)).sort();

describe('aims with streams of their own', () => {
  it('leave every other fault of every seed as it is without them', () => {
    const { scenario } = loadScenario('mutant-hunt');
    const shared = AIMS.filter((aim) => aim.stream === undefined);
    const own = AIMS.filter((aim) => aim.stream !== undefined);
    expect(own.length).toBeGreaterThanOrEqual(2);
    let gained = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const all = targetedSwarmScenario(scenario, String(seed)).faults;
      const withShared = targetedSwarmScenario(scenario, String(seed), {}, shared).faults;
      // The classic faults and the own-stream aims' faults, drawn without the shared aims.
      const classic = targetedSwarmScenario(scenario, String(seed), {}, []).faults;
      const ownAimed = asBag(targetedSwarmScenario(scenario, String(seed), {}, own).faults);
      for (const fault of asBag(classic)) ownAimed.splice(ownAimed.indexOf(fault), 1);
      expect(asBag(all)).toEqual([...asBag(withShared), ...ownAimed].sort());
      if (ownAimed.length > 0) gained++;
    }
    // Each own-stream aim is in for about three seeds in ten.
    expect(gained).toBeGreaterThan(60);
  });
});
