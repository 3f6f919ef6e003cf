// Property: any scenario within sane bounds, with any mix of faults, keeps every invariant on the
// correct system. fast-check shrinks a counterexample and prints the seed that replays it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/api.js';
import { fitDrawnFaults } from '../../src/faults/fitDrawn.js';
import { FAULT_KIND_NAMES } from '../../src/faults/kinds.js';
import { NETWORK_PROFILE_NAMES } from '../../src/faults/profiles.js';
import { scenarioSchema, type ScenarioInput } from '../../src/scenario/schema.js';

const platform = fc.constantFrom('ios', 'android', 'wp', 'bb', 'desktop');
const target = fc.constantFrom('sendsvr-any', 'msgstore-any', 'connectsvr-*', 'receivesvr-any', 'allocator-0', 'pushsvr-0', 'devices-any', 'devices-25%', 'devices-ios', 'user-0');

const fault = fc.record({
  at: fc.integer({ min: 1_000, max: 25_000 }),
  for: fc.integer({ min: 200, max: 20_000 }),
  kind: fc.constantFrom(...FAULT_KIND_NAMES),
  target,
});

const scenario: fc.Arbitrary<ScenarioInput> = fc.record({
  name: fc.constant('random'),
  durationMs: fc.integer({ min: 5_000, max: 30_000 }),
  users: fc.record({ count: fc.integer({ min: 2, max: 12 }), devices: fc.array(fc.array(platform, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }) }),
  groups: fc.record({ count: fc.integer({ min: 0, max: 3 }), size: fc.integer({ min: 2, max: 6 }) }),
  workload: fc.record({ sendsPerUserPerMin: fc.integer({ min: 1, max: 20 }), groupShare: fc.double({ min: 0, max: 1, noNaN: true }) }),
  network: fc.record({ device: fc.constantFrom(...NETWORK_PROFILE_NAMES) }),
  knobs: fc.record({ pageSize: fc.integer({ min: 1, max: 60 }), allocStep: fc.integer({ min: 1, max: 20_000 }), sectionSize: fc.integer({ min: 1, max: 50 }) }),
  // Latency is judged by the named scenarios; random weak networks would fail it by design.
  latencyBoundMs: fc.constant(1e9),
  faults: fc.array(fault, { maxLength: 6 }).map((faults) =>
    faults.map((f) => ({
      ...f,
      ...(f.kind === 'partition' ? { to: 'connectsvr-*' } : {}),
      ...(f.kind === 'crash-point' ? { point: 'send.appended', target: 'sendsvr-*' } : {}),
      ...(f.kind === 'network-profile' ? { profile: '2g' as const } : {}),
      ...(f.kind === 'dc-link' ? { profile: 'dc-lossy' as const, target: 'sendsvr-any' } : {}),
      ...(f.kind === 'directory-change' ? { change: 'block' as const, target: 'user-0', to: 'user-1' } : {}),
      ...(['kill', 'background', 'half-open', 'reinstall', 'stall', 'offline', 'restore-backup'].includes(f.kind) ? { target: 'devices-any' } : {}),
      ...(f.kind === 'msgstore-failover' ? { target: 'msgstore-any', lagMs: Math.floor(f.for / 2) } : {}),
      ...(f.kind === 'allocator-failover' ? { target: 'allocator-0' } : {}),
      ...(f.kind === 'reconnect-storm' ? { target: 'connectsvr-*' } : {}),
      ...(f.kind === 'platform-off' ? { target: 'platform-*' } : {}),
    })),
  ),
});

describe('random scenarios', () => {
  it('keep every invariant on the correct system', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 1_000_000 }), (input, seed) => {
        // Targets are drawn in any world, as the swarm draws them, and fitted to it the same way.
        const report = runScenario(fitDrawnFaults(scenarioSchema.parse(input)), { seed });
        const failed = report.invariants.filter((i) => !i.ok && i.name !== 'faults-fired').map((i) => `${i.name}: ${i.first?.detail}`);
        expect(failed, report.replay).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
