// Acceptance: a SendSvr crash at each of its crash points loses no acked message and leaves no
// duplicate once the sender has retried against the restarted SendSvr.
import { describe, expect, it } from 'vitest';
import { ms, sec } from '../../src/sim/time.js';
import type { Device } from '../../src/system/device.js';
import { SendSvr } from '../../src/system/sendSvr.js';
import type { World } from '../../src/system/world.js';
import { inboxOf, runTo, testWorld } from './harness.js';
import { expectAllCaughtUp, expectEachAckedOnce, Observer } from './observe.js';

const POINTS = ['send.received', 'send.checked', 'send.appended', 'send.recorded', 'send.acked'] as const;
type Point = (typeof POINTS)[number];

/** What each crash point leaves behind for the crashed message, given the steps it had done. */
const AFTER: Record<Point, { attempts: 'retried' | 'once'; dedups: number }> = {
  // Nothing durable yet: the retry runs the whole send again.
  'send.received': { attempts: 'retried', dedups: 0 },
  'send.checked': { attempts: 'retried', dedups: 0 },
  // Both inboxes committed, the done record not: the retry's appends hit MsgStore's keys.
  'send.appended': { attempts: 'retried', dedups: 2 },
  // The done record is durable: the retry is answered from it.
  'send.recorded': { attempts: 'retried', dedups: 0 },
  // The ack was out: the sender never retries; only the push hint was lost.
  'send.acked': { attempts: 'once', dedups: 0 },
};

function crashAt(point: Point) {
  const world = testWorld({ users: [['android', 'desktop'], ['ios', 'desktop']] });
  const observer = new Observer(world);
  const sender = world.devicesOf(0)[0]!;
  const sent: number[] = [];
  for (const atUs of [sec(2), sec(3), sec(4)]) world.sim.at(atUs, 'compose', () => sent.push(world.compose(sender, { toUser: 1 })!));
  let crashed: { sendSvr: number; atUs: number } | undefined;
  // The second message crashes its SendSvr at `point`; the SendSvr comes back 2 s later.
  world.sim.crashHook = {
    crashPointReached: (process, at) => {
      if (crashed !== undefined || !(process instanceof SendSvr) || at !== point || world.sim.nowUs < sec(3)) return false;
      crashed = { sendSvr: process.id, atUs: world.sim.nowUs };
      world.sim.at(world.sim.nowUs + sec(2), 'restart', () => world.sim.restart(process.id));
      return true;
    },
  };
  // Long enough for every retry and for the periodic pull that replaces a lost hint.
  runTo(world, sec(130));
  return { world, observer, sent, crashed };
}

describe('SendSvr crash points', () => {
  it.each(POINTS)('a crash at %s loses no acked message and leaves no duplicate after the retry', (point) => {
    const { world, observer, sent, crashed } = crashAt(point);
    expect(crashed, 'the crash point was reached').toBeDefined();
    expect(crashed!.atUs).toBeLessThan(sec(4));
    const victim = sent[1]!;

    // Exactly one inbox entry per message per target, in send order, seqs 1..3 (no allocator restart).
    for (const user of [0, 1]) expect(inboxOf(world, user), `user ${user}`).toEqual(sent.map((msg, i) => [i + 1, msg]));
    for (const msg of sent) expect(observer.commitsOf(msg).map((c) => c.user).sort(), `commits of ${msg}`).toEqual([0, 1]);
    expect(observer.appendDedups.filter((d) => d.msg === victim)).toHaveLength(AFTER[point].dedups);
    expectEachAckedOnce(world, observer, sent);

    const attempts = observer.attempts.filter((a) => a.msg === victim).length;
    if (AFTER[point].attempts === 'once') expect(attempts).toBe(1);
    else expect(attempts).toBeGreaterThanOrEqual(2);
    // The ack follows the restart unless it was out before the crash.
    const ackUs = observer.acks.find((a) => a.msg === victim)!.timeUs;
    if (point === 'send.acked') expect(ackUs).toBeLessThan(sec(4));
    else expect(ackUs).toBeGreaterThan(crashed!.atUs + sec(2));

    for (const device of world.devicesOf(0).concat(world.devicesOf(1))) expect(device.outboxSize, device.name).toBe(0);
    expectAllCaughtUp(world, observer);
  });

  it('a crash while the done record is on its way to disk: the retry re-appends, deduplicated, one copy', () => {
    const world = testWorld({ users: [['android', 'desktop'], ['ios', 'desktop']] });
    const observer = new Observer(world);
    const sender = world.devicesOf(0)[0]!;
    let msg = -1;
    world.sim.at(sec(2), 'compose', () => (msg = world.compose(sender, { toUser: 1 })!));
    let crashedAtUs = -1;
    let doneAtRestart = -1;
    // Not a crash point: the process dies 1 us after issuing the write, before any disk finishes.
    world.sim.crashHook = {
      crashPointReached: (process, at) => {
        if (crashedAtUs >= 0 || !(process instanceof SendSvr) || at !== 'send.appended') return false;
        crashedAtUs = world.sim.nowUs + 1;
        world.sim.at(crashedAtUs, 'crash', () => world.sim.crash(process.id));
        world.sim.at(crashedAtUs + sec(1), 'restart', () => {
          doneAtRestart = process.durable.done.size;
          world.sim.restart(process.id);
        });
        return false;
      },
    };
    runTo(world, sec(130));

    expect(crashedAtUs).toBeGreaterThan(0);
    // The write died with the process; the retry's job wrote it again.
    expect(doneAtRestart).toBe(0);
    expect(world.sendSvrs.map((s) => s.durable.done.size).sort()).toEqual([0, 1]);
    for (const user of [0, 1]) expect(inboxOf(world, user)).toEqual([[1, msg]]);
    expect(observer.commitsOf(msg)).toHaveLength(2);
    expect(observer.appendDedups.map((d) => d.user).sort()).toEqual([0, 1]);
    expect(observer.sendSvrAcks.filter((a) => a.msg === msg)).toHaveLength(1);
    expectEachAckedOnce(world, observer, [msg]);
    expectAllCaughtUp(world, observer);
  });

  it('a restarted SendSvr does not take a reply to its previous life\'s request for the answer to a new one', () => {
    const world = testWorld({ users: [['android'], ['android', 'desktop']] });
    const observer = new Observer(world);
    const sender = world.devicesOf(0)[0]!;
    const sendSvr = world.sendSvrs[0]!;
    // User 1's inbox lives on msgstore-1; cut it off from the allocator so appends there wait.
    const store = world.msgStores[1]!;
    expect(world.topology.msgStores[1]).toBe(store.id);
    let partition = -1;
    world.sim.at(sec(1), 'cut store', () => (partition = world.sim.network.partition([store.id], [world.allocators[0]!.id])));
    world.sim.at(ms(3_500), 'heal store', () => world.sim.network.heal(partition));
    const a = composeAt(world, sec(2), sender, 1);
    // The SendSvr dies with A's append to user 1 outstanding, and is back before B is sent.
    world.sim.at(ms(2_500), 'crash sendsvr', () => world.sim.crash(sendSvr.id));
    world.sim.at(ms(2_600), 'restart sendsvr', () => world.sim.restart(sendSvr.id));
    const b = composeAt(world, ms(2_700), sender, 1);
    // When A finally commits, its reply goes to the old incarnation's request; then the store dies
    // while writing B, so only the SendSvr's own retry can still put B in user 1's inbox.
    let afterAllocs = 0;
    world.sim.crashHook = {
      crashPointReached: (process, point) => {
        if (process !== store || point !== 'store.after-alloc' || ++afterAllocs !== 2) return false;
        world.sim.at(world.sim.nowUs + sec(1), 'restart store', () => world.sim.restart(store.id));
        return true;
      },
    };
    runTo(world, sec(130));

    expect(afterAllocs).toBeGreaterThanOrEqual(2);
    // A and B were both sent before either was acked, so the sender's own inbox (appended after the
    // recipient's) may hold them in either order; the design promises order only after an ack.
    expect(inboxOf(world, 0).map(([, m]) => m).sort()).toEqual([a(), b()].sort());
    expect(inboxOf(world, 1).map(([, m]) => m)).toEqual([a(), b()]);
    // B was acked only once it was durable in both inboxes, at the seq it really got.
    const bCommits = observer.commitsOf(b());
    expect(bCommits.map((c) => c.user).sort()).toEqual([0, 1]);
    const ackUs = observer.acks.find((x) => x.msg === b())!.timeUs;
    for (const commit of bCommits) expect(commit.timeUs).toBeLessThan(ackUs);
    expectEachAckedOnce(world, observer, [a(), b()]);
    expectAllCaughtUp(world, observer);
  });
});

function composeAt(world: World, atUs: number, device: Device, toUser: number): () => number {
  let msg = -1;
  world.sim.at(atUs, 'compose', () => (msg = world.compose(device, { toUser })!));
  return () => msg;
}
