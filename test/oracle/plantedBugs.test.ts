// Each checker is trusted only once a planted bug has made it fail, with a report that names the
// right message and device. The report's facts are checked against the world's own state.
import { describe, expect, it } from 'vitest';
import { jobSpec } from '../../src/run/sweepJob.js';
import type { Violation } from '../../src/oracle/violation.js';
import { runOne } from '../../src/run/runOne.js';
import type { RunResult } from '../../src/run/result.js';
import type { RunSpec } from '../../src/run/runSpec.js';
import type { MutantName } from '../../src/system/mutants.js';
import type { World } from '../../src/system/world.js';
import { heldBy, inboxOf } from '../system/harness.js';
import { baseline, chaos, spec } from './specs.js';

interface Plant {
  readonly invariant: string;
  readonly mutant?: MutantName;
  readonly make: (seed: number) => RunSpec;
  /** Seeds to try, from 1 (default 10): a bug that shows only in a rare window needs more. */
  readonly seeds?: number;
  /** Checks the violation's facts against the world at the end of the run. */
  readonly verify: (violation: Violation, world: World, result: RunResult) => void;
}

const withoutBugs = (run: RunSpec): RunSpec => ({ ...run, world: { ...run.world, knobs: { ...run.world.knobs, mutants: new Set() } } });
const deviceNamed = (world: World, name: string | null) => world.devices.find((d) => d.name === name)!;
/** The device a reconnect promise was broken for, checked to be the violation's user's. */
function reconnectingDevice(v: Violation, world: World) {
  const device = deviceNamed(world, v.device);
  expect(device.user).toBe(v.user);
  expect(v.kind).toBe('reconnect');
  return device;
}
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
      const message = [...sender.durable.store.valuesInOrder()].find((m) => m.msgId === v.msgId)!;
      expect(world.directory.targetsOf(message.fromUser, message.toUser, message.group)).toContain(v.user);
    },
  },
  // A commit that no majority holds on disk: the primary counting its own write alone, or a replica
  // acking a batch before writing it. Both commit at once; nothing need fail over to show it.
  ...(['commit-before-quorum', 'replica-ack-on-receipt'] as const).map(
    (mutant): Plant => ({
      invariant: 'commit-quorum',
      mutant,
      make: (seed) => chaos(seed, [mutant]),
      seeds: 1,
      verify: (v, world) => {
        // The entry named is committed in that user's inbox at that seq, and the report says how few disks held it.
        expect(seqsOf(world, v.user!, v.msgId!)).toContain(v.seq);
        expect(v.event?.kind).toBe('commit');
        expect(v.detail).toMatch(/^committed at LSN \d+ while 1 of its shard's 3 replicas held it on disk \(a majority is 2\)$/);
      },
    }),
  ),
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
    // It re-requests a gap without end: two million events show the violation as well as twenty (3 s, not 17).
    make: (seed) => chaos(seed, ['gap-as-loss'], { maxSteps: 2_000_000 }),
    verify: (v, world) => {
      const device = deviceNamed(world, v.device);
      expect(device.user).toBe(v.user);
      expect(device.durable.seqCli).toBeLessThan(v.seq!);
    },
  },
  {
    invariant: 'latency',
    mutant: 'no-push',
    make: (seed) => spec({ name: 'baseline' }, seed, ['no-push']),
    verify: (v, world) => {
      // A healthy delivery that only a periodic pull brought: held in the end, at its inbox seq,
      // but past the deadline SendSvr's ack set.
      const device = deviceNamed(world, v.device);
      expect(device.user).toBe(v.user);
      expect(seqsOf(world, v.user!, v.msgId!)).toEqual([v.seq]);
      expect(device.durable.store.get(v.seq!)?.msgId).toBe(v.msgId);
      expect(v.deadline).toMatchObject({ kind: 'healthy', setBy: `sendsvr-ack of message ${v.msgId}` });
      expect(v.timeUs).toBe(v.deadline!.dueUs);
      expect(v.deadline!.dueUs).toBeGreaterThan(v.deadline!.setAtUs);
    },
  },
  {
    invariant: 'timeliness',
    mutant: 'backoff-never-reset',
    // Shows once a device's session drops again after its backoff grew: 31 and 37 of 100 mutant-hunt swarm runs.
    make: (seed) => jobSpec({ source: 'mutant-hunt', seed: String(seed), swarm: true, mutants: ['backoff-never-reset'] }),
    verify: (v, world) => {
      reconnectingDevice(v, world);
      expect(v.detail).toMatch(/^reconnect: (first attempt|no attempt) \d+ ms after its session ended \(the first backoff is at most 500 ms\)$/);
      // Late by more than the first backoff (the report rounds to whole milliseconds).
      expect(Number(/ (\d+) ms after/.exec(v.detail)![1])).toBeGreaterThanOrEqual(500);
    },
  },
  {
    invariant: 'timeliness',
    mutant: 'reconnect-backoff-uncapped',
    // A login storm answers busy often enough for the backoff to pass its cap: seed 8 of multi-device's swarm runs.
    make: (seed) => jobSpec({ source: 'multi-device', seed: String(seed), swarm: true, mutants: ['reconnect-backoff-uncapped'] }),
    verify: (v, world) => {
      reconnectingDevice(v, world);
      // Past the rung of its ladder, after a failed attempt (its timeout included) or a "busy" answer.
      const match = /^reconnect: (?:next attempt|no attempt) ([\d,]+) ms after its attempt (\d+)(?:, which did not log in \(an attempt lasts at most (10,000) ms, | was refused "busy" \()the backoff after attempt \2 at most ([\d,]+) ms, min\(30,000 ms, 500 ms x 2\^\2\)\)$/.exec(v.detail);
      expect(match, v.detail).not.toBeNull();
      const ms = (text: string | undefined) => Number((text ?? '0').replace(/,/g, ''));
      const { connectTimeoutUs, reconnectBaseUs, reconnectCapUs } = world.spec.knobs;
      expect(ms(match![4]) * 1000).toBe(Math.min(reconnectCapUs, reconnectBaseUs * 2 ** Number(match![2])));
      expect(ms(match![1])).toBeGreaterThan(ms(match![3]) + ms(match![4]));
      expect(ms(match![3]) * 1000).toBeLessThanOrEqual(connectTimeoutUs);
    },
  },
  {
    invariant: 'timeliness',
    mutant: 'connect-pinned',
    make: (seed) => jobSpec({ source: 'mutant-hunt', seed: String(seed), swarm: true, mutants: ['connect-pinned'] }),
    verify: (v, world) => {
      const device = reconnectingDevice(v, world);
      // The server it tried again is the device's own, the first of the list from its id.
      const own = world.connectSvrs[device.id % world.connectSvrs.length]!;
      expect(v.detail).toMatch(new RegExp(`^reconnect: tried ${own.name} again after an attempt there failed [\\d,]+ ms before \\(each failed attempt moves on to the next of the ${world.connectSvrs.length} ConnectSvrs\\)$`));
    },
  },
  {
    invariant: 'timeliness',
    mutant: 'hint-dropped-while-pulling',
    // A dropped hint shows only when no later hint rescues the message in time: rare in plain runs
    // (about 3 in 100 of a busy one), and in a few of every hundred swarm runs.
    seeds: 60,
    make: (seed) => jobSpec({ source: 'mutant-hunt', seed: String(seed), swarm: true, mutants: ['hint-dropped-while-pulling'] }),
    verify: (v, world) => {
      const device = deviceNamed(world, v.device);
      expect(device.user).toBe(v.user);
      // The entry named is in the device's inbox, and the deadline was set by a trigger it ignored.
      expect(inboxOf(world, v.user!).map(([seq]) => seq)).toContain(v.seq);
      expect(['hint', 'foreground']).toContain(v.deadline!.kind);
      expect(v.deadline!.setAtUs).toBeLessThan(v.deadline!.dueUs);
    },
  },
  {
    invariant: 'timeliness',
    mutant: 'woken-sleeps-unsent',
    // iPhones left in pockets, woken by the Android users' messages; bursts past a tight anti-spam
    // limit leave a woken app with deferred sends when its catch-up is done.
    make: (seed) =>
      spec(
        {
          name: 'pocket-bursts',
          users: { count: 4, devices: [['ios'], ['android']] },
          workload: { sendsPerUserPerMin: 2, burstChance: 0.5, burstSize: 8 },
          knobs: { spamBurst: 3 },
          network: { device: 'good-wifi' },
          faults: [{ at: 5_000, kind: 'background', target: 'devices-ios' }],
          heal: { foreground: false },
        },
        seed,
        ['woken-sleeps-unsent'],
      ),
    verify: (v, world) => {
      // The sender is a backgrounded iPhone that left a woken session with its own send unsettled.
      const device = deviceNamed(world, v.device);
      expect(device.platform).toBe('ios');
      expect(device.background).toBe(true);
      expect(device.user).toBe(v.user);
      expect(v.kind).toBe('unfinished');
      expect(v.deadline).toMatchObject({ kind: 'unfinished', setBy: 'the end of a woken session' });
      // Its message went out at a later wake: late, not lost (the device holds it in its own inbox).
      expect(heldBy(device).map(([, msgId]) => msgId)).toContain(v.msgId);
    },
  },
  {
    invariant: 'timeliness',
    mutant: 'idle-clock-from-login',
    make: (seed) => baseline(seed, ['idle-clock-from-login']),
    verify: (v, world) => {
      // A foreground device whose ConnectSvr's idle sweep closed its connection while it kept
      // beating: the sweep counted the silence from the login, so the close came within a
      // heartbeat interval of the last beat, short of the idle timeout.
      const device = deviceNamed(world, v.device);
      expect(device.user).toBe(v.user);
      expect(device.background).toBe(false);
      expect(v.kind).toBe('idle-close');
      const silentMs = Number(/after ([\d,.]+) ms of silence/.exec(v.detail)![1]!.replace(/,/g, ''));
      const { serverIdleTimeoutUs, heartbeatIntervalUs } = world.spec.knobs;
      expect(silentMs * 1000).toBeLessThan(serverIdleTimeoutUs);
      expect(silentMs * 1000).toBeLessThan(2 * heartbeatIntervalUs);
    },
  },
  {
    invariant: 'timeliness',
    mutant: 'ack-skips-own-store',
    make: (seed) => baseline(seed, ['ack-skips-own-store']),
    verify: (v, world) => {
      // The sender's device, named at the seq its user's inbox committed the message at.
      const device = deviceNamed(world, v.device);
      expect(device.user).toBe(v.user);
      expect(v.kind).toBe('own');
      expect(seqsOf(world, v.user!, v.msgId!)).toEqual([v.seq]);
      expect(v.deadline).toMatchObject({ kind: 'own', setBy: `the ack of message ${v.msgId}` });
    },
  },
  {
    invariant: 'push-route',
    mutant: 'no-platform-fallback',
    make: (seed) => spec({ name: 'pockets', users: { count: 10, devices: [['ios'], ['android']] }, faults: [{ at: 10_000, for: 40_000, kind: 'background', target: 'devices-ios' }] }, seed, ['no-platform-fallback']),
    verify: (v, world) => {
      // A backgrounded iPhone, with APNs on, for which PushSvr asked no platform push.
      const device = deviceNamed(world, v.device);
      expect(device.platform).toBe('ios');
      expect(device.user).toBe(v.user);
      expect(inboxOf(world, v.user!).map(([, msgId]) => msgId)).toContain(v.msgId);
      expect(v.kind).toBe('platform');
    },
  },
  {
    invariant: 'push-route',
    mutant: 'push-both-routes',
    make: (seed) => baseline(seed, ['push-both-routes']),
    verify: (v, world) => {
      // A phone with a push service, long connected, sent a platform push for a message of its inbox.
      const device = deviceNamed(world, v.device);
      expect(device.user).toBe(v.user);
      expect(['ios', 'android']).toContain(device.platform);
      expect(inboxOf(world, v.user!).map(([, msgId]) => msgId)).toContain(v.msgId);
      expect(v.kind).toBe('platform-while-connected');
      const connectedMs = Number(/, ([\d,.]+) ms before SendSvr's ack/.exec(v.detail)![1]!.replace(/,/g, ''));
      expect(connectedMs).toBeGreaterThan(0);
    },
  },
  {
    invariant: 'push-route',
    mutant: 'no-push',
    // On lossy Wi-Fi a hint's hard deadline allows minutes (TCP may give up and the device reconnect),
    // and faults touch nearly every path by then; but a PushSvr that pushes nothing decides no route
    // for the devices of the first request it takes (push-complete), whatever the link.
    make: (seed) => jobSpec({ source: 'lossy-wifi', seed: String(seed), swarm: false, mutants: ['no-push'] }),
    verify: (v, world) => {
      const device = deviceNamed(world, v.device);
      expect(device.user).toBe(v.user);
      // The message was committed for the device's user and reached the device in the end (by a pull).
      const [seq] = seqsOf(world, v.user!, v.msgId!);
      expect(seq).toBeDefined();
      expect(device.durable.store.get(seq!)?.msgId).toBe(v.msgId);
      expect(v.kind).toBe('push-complete');
      expect(v.detail).toMatch(new RegExp(`^push-complete: pushsvr-0 took the push request of message ${v.msgId} at [\\d,]+ ms and decided no route for ${v.device}, a registered device of a target user`));
    },
  },
  {
    invariant: 'send-policy',
    mutant: 'rate-limit-as-refusal',
    // A burst past a tight anti-spam limit: SendSvr defers the sends over it.
    make: (seed) => spec({ name: 'bursts', users: { count: 4 }, workload: { sendsPerUserPerMin: 4, burstChance: 0.5, burstSize: 8 }, knobs: { spamBurst: 3 } }, seed, ['rate-limit-as-refusal']),
    verify: (v, world) => {
      const sender = deviceNamed(world, v.device);
      expect(sender.user).toBe(v.user);
      expect(v.detail).toMatch(/the sender saw it rejected as rate-limited, but SendSvr gave no verdict on it/);
      // Dropped for good: in no inbox, and no longer in the sender's outbox.
      expect(inboxOf(world, v.user!).map(([, msgId]) => msgId)).not.toContain(v.msgId);
      expect([...sender.durable.outbox.values()].map((message) => message.msgId)).not.toContain(v.msgId);
    },
  },
  {
    invariant: 'send-policy',
    mutant: 'blacklist-reversed',
    make: (seed) => spec({ name: 'blocked', users: { count: 4 }, blacklist: { pairs: 3 }, workload: { sendsPerUserPerMin: 10 } }, seed, ['blacklist-reversed']),
    verify: (v, world) => {
      // Between the sender and the other user, exactly one of them blocked the other.
      const sender = deviceNamed(world, v.device);
      expect(sender.user).toBe(v.user);
      const blockedEitherWay = Array.from({ length: 4 }, (_, other) => other).some((other) => world.directory.isBlocked(other, v.user!) || world.directory.isBlocked(v.user!, other));
      expect(blockedEitherWay).toBe(true);
      expect(v.detail).toMatch(/blacklisted|allows the send|forbids/);
    },
  },
];

describe('planted bugs', () => {
  it.each(PLANTS.map((plant) => [plant.invariant, plant.mutant ?? 'slow network', plant] as const))('%s fails under %s', (invariant, _bug, plant) => {
    const seeds = plant.seeds ?? 10;
    for (let seed = 1; seed <= seeds; seed++) {
      const { result, world } = runOne(plant.make(seed));
      const failing = result.invariants.find((i) => i.name === invariant)!;
      if (failing.ok) continue;
      const violation = failing.first!;
      expect(violation.invariant).toBe(invariant);
      expect(result.ok).toBe(false);
      expect(result.replay).toContain(`--seed ${seed}`);
      if (plant.mutant !== undefined) expect(result.replay).toContain(`--mutant ${plant.mutant}`);
      plant.verify(violation, world, result);
      // The same seed without the bug passes: the bug, not the seed, made it fail.
      if (plant.mutant !== undefined) expect(runOne(withoutBugs(plant.make(seed))).result.ok).toBe(true);
      return;
    }
    expect.fail(`${invariant} never failed in seeds 1-${seeds}`);
  });

});
