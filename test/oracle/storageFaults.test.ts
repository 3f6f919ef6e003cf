// Each fault of replicated storage fires, the system recovers the way its design says (a replica is
// promoted, a standby takes the lease, a server comes back from a power loss), and the correct
// system passes every invariant.
import { describe, expect, it } from 'vitest';
import { swarmScenario } from '../../src/faults/swarm.js';
import { runOne } from '../../src/run/runOne.js';
import type { ScenarioInput } from '../../src/scenario/schema.js';
import { loadScenario } from '../../src/scenario/load.js';
import { spec } from './specs.js';

type Fault = NonNullable<ScenarioInput['faults']>[number];

/** Runs a busy little world with one fault; returns the result and the trace's records of `kinds`. */
function withFault(fault: Fault, seed: number, servers: ScenarioInput['servers'] = {}) {
  const { result, sim, world } = runOne(spec({ name: 'storage', durationMs: 40_000, users: { count: 12 }, servers, workload: { sendsPerUserPerMin: 10 }, knobs: { allocStep: 20, sectionSize: 5 }, faults: [fault] }, seed), { keepAll: true });
  return { result, world, records: sim.trace.records() ?? [] };
}

const failed = (result: ReturnType<typeof runOne>['result']) => result.invariants.filter((i) => !i.ok).map((i) => `${i.name}: ${i.first?.detail}`);

describe('faults of replicated storage', () => {
  it.each(['one', 'all'] as const)('msgstore-failover (cut: %s) of a shard without replicas fences its primary and promotes nobody; the correct system passes', (cut) => {
    const { result, records } = withFault({ at: 10_000, for: 6_000, kind: 'msgstore-failover', target: 'msgstore-0', lagMs: 1_500, cut }, 1, { msgStoreReplicas: 1 });
    expect(failed(result)).toEqual([]);
    expect(result.faults['msgstore-failover']).toBe(1);
    expect(records.filter((r) => r.kind === 'promoted')).toEqual([]);
    expect(records.filter((r) => ['crash', 'restart'].includes(r.kind)).map((r) => [r.kind, r.timeUs])).toEqual([
      ['crash', 11_500_000],
      ['restart', 16_000_000],
    ]);
  });

  it.each([1, 2, 3])('msgstore-failover promotes a replica in a new epoch, and the correct system passes (seed %i)', (seed) => {
    const { result, records } = withFault({ at: 10_000, for: 6_000, kind: 'msgstore-failover', target: 'msgstore-0', lagMs: 1_500 }, seed);
    expect(failed(result)).toEqual([]);
    expect(result.faults['msgstore-failover']).toBe(1);
    const promoted = records.filter((r) => r.kind === 'promoted');
    expect(promoted.map((r) => [r.timeUs, r.fields])).toEqual([[11_500_000, { shard: 0, epoch: 2, previous: expect.any(Number) }]]);
    // The old primary was crashed by the failover and came back (as a replica) when the fault ended.
    const previous = promoted[0]!.fields['previous'];
    expect(records.filter((r) => ['crash', 'restart'].includes(r.kind)).map((r) => [r.kind, r.timeUs])).toEqual([
      ['crash', 11_500_000],
      ['restart', 16_000_000],
    ]);
    expect(previous).not.toBe(promoted[0]!.actor);
  });

  it.each([1, 2, 3])('allocator-failover hands the lease to the standby, and the correct system passes (seed %i)', (seed) => {
    const { result, records, world } = withFault({ at: 10_000, for: 8_000, kind: 'allocator-failover', target: 'allocator-0', skewMs: 900 }, seed);
    const [owner, standby] = world.allocators.map((allocator) => allocator.id);
    expect(failed(result)).toEqual([]);
    expect(result.faults['allocator-failover']).toBe(1);
    const grants = records.filter((r) => r.kind === 'lease-granted').map((r) => [r.fields['epoch'], r.fields['owner']]);
    expect(grants).toEqual([
      [1, owner],
      [2, standby],
    ]);
    expect(world.topology.allocatorOwner[0]).toBe(standby);
    expect(records.filter((r) => r.kind === 'pause' || r.kind === 'resume').map((r) => [r.kind, r.actor, r.timeUs])).toEqual([
      ['pause', owner, 10_000_000],
      ['resume', owner, 18_000_000],
    ]);
    expect(records.filter((r) => r.kind === 'clock-offset').map((r) => r.fields['offsetUs'])).toEqual([-900_000, 0]);
  });

  it.each([1, 2, 3])('power-loss crashes every MsgStore and undoes nothing: the correct system syncs what it relies on (seed %i)', (seed) => {
    const { result, records } = withFault({ at: 10_000, for: 2_000, kind: 'power-loss', target: 'msgstore-*' }, seed);
    expect(failed(result)).toEqual([]);
    expect(result.faults['power-loss']).toBe(6);
    const losses = records.filter((r) => r.kind === 'power-loss');
    expect(losses).toHaveLength(6);
    expect(losses.every((r) => r.fields['undone'] === 0)).toBe(true);
  });

  it('swarm draws each new kind on some seeds, after every earlier draw: dropping them changes nothing else', () => {
    const { scenario } = loadScenario('mutant-hunt');
    const kinds = ['msgstore-failover', 'allocator-failover', 'power-loss'] as const;
    const drawn = new Set<string>();
    for (let seed = 1; seed <= 20; seed++) {
      const full = swarmScenario(scenario, String(seed));
      const without = swarmScenario(scenario, String(seed), { without: kinds });
      for (const fault of full.faults) drawn.add(fault.kind);
      expect(without).toEqual({ ...full, faults: full.faults.filter((f) => !(kinds as readonly string[]).includes(f.kind)) });
    }
    for (const kind of kinds) expect(drawn, kind).toContain(kind);
  });
});
