// Each checker is trusted only once a planted bug has made it fail, with a report that names the
// right message and device. The report's facts are checked against the world's own state.
import { describe, expect, it } from 'vitest';
import type { Violation } from '../../src/oracle/violation.js';
import { runOne } from '../../src/run/runOne.js';
import type { RunResult } from '../../src/run/result.js';
import type { RunSpec } from '../../src/run/runSpec.js';
import type { MutantName } from '../../src/system/mutants.js';
import type { World } from '../../src/system/world.js';
import { heldBy, inboxOf } from '../system/harness.js';
import { chaos, spec } from './specs.js';

interface Plant {
  readonly invariant: string;
  readonly mutant?: MutantName;
  readonly make: (seed: number) => RunSpec;
  /** Checks the violation's facts against the world at the end of the run. */
  readonly verify: (violation: Violation, world: World, result: RunResult) => void;
}

const deviceNamed = (world: World, name: string | null) => world.devices.find((d) => d.name === name)!;
const seqsOf = (world: World, user: number, msgId: number) => inboxOf(world, user).filter(([, id]) => id === msgId).map(([seq]) => seq);

const PLANTS: Plant[] = [
  {
    invariant: 'seq-allocation',
    mutant: 'alloc-no-persist',
    make: (seed) => chaos(seed, ['alloc-no-persist']),
    verify: (v, world) => {
      // The reissued seq now names two different messages in the user's inbox.
      expect(inboxOf(world, v.user!).filter(([seq]) => seq === v.seq).length).toBeGreaterThanOrEqual(1);
      expect(v.msgId).not.toBeNull();
    },
  },
  {
    invariant: 'server-bound',
    mutant: 'pull-bound-past-uncommitted',
    make: (seed) => spec({ name: 'group-storm', users: { count: 12 }, groups: { count: 2, size: 10 }, workload: { sendsPerUserPerMin: 30, groupShare: 0.9 } }, seed, ['pull-bound-past-uncommitted']),
    verify: (v, world) => {
      expect(seqsOf(world, v.user!, v.msgId!)).toContain(v.seq);
      expect(deviceNamed(world, v.device).user).toBe(v.user);
    },
  },
  {
    invariant: 'client-cursor',
    mutant: 'client-cursor-before-store',
    make: (seed) => chaos(seed, ['client-cursor-before-store']),
    verify: (v, world) => {
      const device = deviceNamed(world, v.device);
      expect(device.user).toBe(v.user);
      expect(seqsOf(world, v.user!, v.msgId!)).toEqual([v.seq]);
    },
  },
  {
    invariant: 'no-duplicate',
    mutant: 'no-send-dedup',
    make: (seed) => chaos(seed, ['no-send-dedup']),
    verify: (v, world) => {
      expect(seqsOf(world, v.user!, v.msgId!).length).toBeGreaterThanOrEqual(2);
    },
  },
  {
    invariant: 'ack-durable',
    mutant: 'ack-before-durable',
    make: (seed) => chaos(seed, ['ack-before-durable']),
    verify: (v, world) => {
      // The acked message is not where the ack promised: absent, or committed only later.
      const sender = deviceNamed(world, v.device);
      expect(v.detail).toMatch(/acked before it was committed|ack names seq/);
      // The user named is one of the message's target inboxes (the sender holds the message since the ack).
      const message = [...sender.durable.store.values()].find((m) => m.msgId === v.msgId)!;
      expect(world.directory.targetsOf(message.fromUser, message.toUser, message.group)).toContain(v.user);
    },
  },
  {
    invariant: 'order',
    mutant: 'alloc-no-persist',
    make: (seed) => chaos(seed, ['alloc-no-persist']),
    verify: (v, world) => {
      expect(seqsOf(world, v.user!, v.msgId!)).toContain(v.seq);
    },
  },
  {
    invariant: 'zero-loss',
    mutant: 'half-open-no-fallback',
    make: (seed) => chaos(seed, ['half-open-no-fallback']),
    verify: (v, world) => {
      const device = deviceNamed(world, v.device);
      expect(seqsOf(world, device.user, v.msgId!)).toEqual([v.seq]);
      expect(heldBy(device).map(([, msgId]) => msgId)).not.toContain(v.msgId);
    },
  },
  {
    invariant: 'gap-tolerance',
    mutant: 'gap-as-loss',
    make: (seed) => chaos(seed, ['gap-as-loss']),
    verify: (v, world) => {
      const device = deviceNamed(world, v.device);
      expect(device.user).toBe(v.user);
      expect(device.durable.seqCli).toBeLessThan(v.seq!);
    },
  },
  {
    invariant: 'latency',
    // The planted "bug": a 2G network for everyone, judged against the healthy 100 ms bound.
    make: (seed) => spec({ name: 'slow', network: { device: '2g' } }, seed),
    verify: (v, world, result) => {
      expect(deviceNamed(world, v.device)).toBeDefined();
      expect(world.devices.some((d) => d.durable.store.size > 0 && [...d.durable.store.values()].some((m) => m.msgId === v.msgId))).toBe(true);
      expect(result.latencyByClassMs.healthy.p99).toBeGreaterThan(result.latencyBoundMs);
    },
  },
];

describe('planted bugs', () => {
  it.each(PLANTS.map((plant) => [plant.invariant, plant.mutant ?? 'slow network', plant] as const))('%s fails under %s', (invariant, _bug, plant) => {
    for (let seed = 1; seed <= 10; seed++) {
      const { result, world } = runOne(plant.make(seed));
      const failing = result.invariants.find((i) => i.name === invariant)!;
      if (failing.ok) continue;
      const violation = failing.first!;
      expect(violation.invariant).toBe(invariant);
      expect(result.ok).toBe(false);
      expect(result.replay).toContain(`--seed ${seed}`);
      if (plant.mutant !== undefined) expect(result.replay).toContain(`--mutant ${plant.mutant}`);
      plant.verify(violation, world, result);
      return;
    }
    expect.fail(`${invariant} never failed in seeds 1-10`);
  });

});
