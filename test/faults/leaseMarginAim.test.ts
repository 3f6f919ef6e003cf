// The targeted swarm's aim at the allocator lease's margin: it pauses an owner as it asks to renew,
// its clock set back by the whole margin the design allows, and resumes it within two margins after
// its lease, whatever the scenario's lease and margin (a margin of 0 must not make the draw throw,
// as it once did for the classic draw). Drawn from a stream of its own, it leaves every other
// fault of a seed as it was.
import { describe, expect, it } from 'vitest';
import { targetedSwarmScenario } from '../../src/faults/targetedSwarm.js';
import { loadScenario } from '../../src/scenario/load.js';
import { seedsGainingOwnStreamAim, type Fault } from './aimStream.js';

const isLeaseMarginAim = (fault: Fault) => fault.kind === 'allocator-failover' && fault.on === 'alloc.lease-asked' && fault.skewMs !== undefined;

function aimedFaults(set: readonly string[]): Fault[] {
  const { scenario } = loadScenario('baseline', [...set]);
  const faults: Fault[] = [];
  for (let seed = 1; seed <= 200; seed++) faults.push(...targetedSwarmScenario(scenario, String(seed)).faults.filter(isLeaseMarginAim));
  return faults;
}

describe('the aim at the allocator lease margin', () => {
  it.each([
    ['the default lease and margin', [], 3_000, 1_000],
    ['a longer lease and a narrower margin', ['knobs.allocatorLeaseMs=6000', 'knobs.clockSkewMaxMs=500'], 6_000, 500],
    ['no margin', ['knobs.clockSkewMaxMs=0'], 3_000, 0],
    ['a margin under 1 ms', ['knobs.clockSkewMaxMs=0.5'], 3_000, 0],
  ] as const)('with %s: sets the clock back by the whole margin and resumes within two margins after the lease', (_, set, leaseMs, marginMs) => {
    const faults = aimedFaults(set);
    // In for about three seeds in ten.
    expect(faults.length).toBeGreaterThan(40);
    expect(faults.length).toBeLessThan(90);
    for (const fault of faults) {
      expect(fault).toMatchObject({ target: 'allocator-*', delayMs: 0, skewMs: marginMs });
      expect(fault.for).toBeGreaterThan(leaseMs);
      expect(fault.for).toBeLessThanOrEqual(leaseMs + 2 * marginMs + 1);
    }
    // Both halves of the window: where a store hands over too early, and where an owner holds on too long.
    if (marginMs > 0) {
      expect(faults.some((fault) => fault.for! <= leaseMs + marginMs)).toBe(true);
      expect(faults.some((fault) => fault.for! > leaseMs + marginMs)).toBe(true);
    }
  });

  it('draws from a stream of its own: without it, every seed draws every other fault as it does with it', () => {
    expect(seedsGainingOwnStreamAim('lease-margin', isLeaseMarginAim)).toBeGreaterThan(40);
  });
});
