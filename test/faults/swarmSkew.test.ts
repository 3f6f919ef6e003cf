// The swarm draw's allocator failover steps the paused owner's clock back by at most the margin the
// design allows (knobs.clockSkewMaxMs), in whole ms, whatever the margin: a margin of 0 once made
// every seed that drew the fault throw in the draw, and a fractional one could draw past it.
import { describe, expect, it } from 'vitest';
import { swarmScenario } from '../../src/faults/swarm.js';
import { loadScenario } from '../../src/scenario/load.js';

function drawnSkewsMs(clockSkewMaxMs: number): number[] {
  const { scenario } = loadScenario('baseline', [`knobs.clockSkewMaxMs=${clockSkewMaxMs}`]);
  const skews: number[] = [];
  for (let seed = 1; seed <= 400; seed++) {
    for (const fault of swarmScenario(scenario, String(seed)).faults) if (fault.kind === 'allocator-failover') skews.push(fault.skewMs!);
  }
  return skews;
}

describe('the swarm draw of an allocator failover', () => {
  it.each([0, 0.5])('steps no clock back when the margin is %s ms', (marginMs) => {
    const skews = drawnSkewsMs(marginMs);
    expect(skews.length).toBeGreaterThan(20);
    expect(new Set(skews)).toEqual(new Set([0]));
  });

  it.each([1, 2.5, 1_000])('draws whole ms within a margin of %s ms, and some above 0', (marginMs) => {
    const skews = drawnSkewsMs(marginMs);
    expect(skews.length).toBeGreaterThan(20);
    for (const skew of skews) {
      expect(Number.isInteger(skew)).toBe(true);
      expect(skew).toBeLessThanOrEqual(marginMs);
    }
    expect(skews.some((skew) => skew > 0)).toBe(true);
  });
});
