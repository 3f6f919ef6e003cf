// Acceptance: when an ack is lost the sender retries with the same client message id, and
// exactly one copy of the message exists (SendSvr's durable done record, MsgStore's append keys).
import { describe, expect, it } from 'vitest';
import { ms, sec } from '../../src/sim/time.js';
import { EV_SENDSVR_RECEIVED } from '../../src/system/events.js';
import type { MutantName } from '../../src/system/mutants.js';
import type { World } from '../../src/system/world.js';
import { inboxOf, runTo, testWorld } from './harness.js';
import { expectAllCaughtUp, expectEachAckedOnce, Observer } from './observe.js';

interface Setup {
  world: World;
  observer: Observer;
  msg: () => number;
}

/** User 0 (two devices) sends one message to user 1 (two devices) at 2 s. */
function oneSend(mutants: MutantName[] = []): Setup {
  const world = testWorld({ users: [['android', 'desktop'], ['ios', 'desktop']], mutants });
  const observer = new Observer(world);
  let msg = -1;
  world.sim.at(sec(2), 'compose', () => (msg = world.compose(world.devicesOf(0)[0]!, { toUser: 1 })!));
  return { world, observer, msg: () => msg };
}

/** Calls `action` the first time a SendSvr receives a request. */
function onFirstReceive(world: World, action: () => void): void {
  let seen = false;
  world.sim.trace.on(EV_SENDSVR_RECEIVED, () => {
    if (seen) return;
    seen = true;
    action();
  });
}

/** The ack is lost: the sending device's link goes dark right after SendSvr got the request. */
function loseTheAck(world: World): void {
  const sender = world.devicesOf(0)[0]!;
  onFirstReceive(world, () => {
    const partition = world.sim.network.partition([sender.id], world.connectSvrs.map((s) => s.id));
    world.sim.at(world.sim.nowUs + sec(2), 'heal', () => world.sim.network.heal(partition));
  });
}

function expectExactlyOneCopy({ world, observer, msg }: Setup): void {
  const id = msg();
  for (const user of [0, 1]) expect(inboxOf(world, user), `user ${user}`).toEqual([[1, id]]);
  expect(observer.commitsOf(id).map((c) => c.user).sort()).toEqual([0, 1]);
  expectEachAckedOnce(world, observer, [id]);
  expectAllCaughtUp(world, observer);
}

describe('lost ack', () => {
  it('a retry after the link dropped the ack is answered from the durable done record: one copy', () => {
    const setup = oneSend();
    const { world, observer, msg } = setup;
    loseTheAck(world);
    runTo(world, sec(70));

    const id = msg();
    const sender = world.devicesOf(0)[0]!;
    // The same message (same client message id) went out twice; SendSvr saw both, ran one job.
    expect(observer.attempts.filter((a) => a.msg === id).map((a) => [a.device, a.attempt])).toEqual([[sender.id, 1], [sender.id, 2]]);
    expect(observer.sendSvrReceived.filter((r) => r.msg === id)).toHaveLength(2);
    expect(observer.sendSvrAcks.filter((a) => a.msg === id)).toHaveLength(1);
    expect(observer.appendDedups).toEqual([]);
    // The ack came only after the retry (sendTimeout 5 s after the first attempt).
    expect(observer.acksOf(id)).toHaveLength(1);
    expect(observer.acks[0]!.timeUs).toBeGreaterThan(sec(7));
    expect(sender.outboxSize).toBe(0);
    expectExactlyOneCopy(setup);
  });

  it('with the planted bug no-send-dedup the same lost ack makes a second copy (the check has teeth)', () => {
    const { world, observer, msg } = oneSend(['no-send-dedup']);
    loseTheAck(world);
    runTo(world, sec(70));
    expect(observer.commitsOf(msg())).toHaveLength(4);
    expect(inboxOf(world, 1).map(([, m]) => m)).toEqual([msg(), msg()]);
  });

  it('a ConnectSvr crash that drops the ack: the device resends on reconnect and gets one copy', () => {
    const setup = oneSend();
    const { world, observer, msg } = setup;
    const sender = world.devicesOf(0)[0]!;
    let crashedId = -1;
    onFirstReceive(world, () => {
      const conn = world.sim.network.connectionsOfProcess(sender.id)[0]!;
      crashedId = conn.server;
      world.sim.crash(crashedId);
      world.sim.at(world.sim.nowUs + sec(1), 'restart', () => world.sim.restart(crashedId));
    });
    runTo(world, sec(70));

    const id = msg();
    expect(world.connectSvrs.map((s) => s.id)).toContain(crashedId);
    const attempts = observer.attempts.filter((a) => a.msg === id);
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    expect(observer.sendSvrReceived.filter((r) => r.msg === id).length).toBe(attempts.length);
    expect(observer.sendSvrAcks.filter((a) => a.msg === id)).toHaveLength(1);
    // The retry came over the new connection, well before the 5 s send timeout.
    expect(observer.acks[0]!.timeUs).toBeLessThan(sec(4));
    expectExactlyOneCopy(setup);
  });

  it('a retry that arrives while the first job is still appending joins it: one copy', () => {
    const setup = oneSend();
    const { world, observer, msg } = setup;
    const sender = world.devicesOf(0)[0]!;
    const sendSvrs = world.sendSvrs.map((s) => s.id);
    const stores = world.msgStores.map((s) => s.id);
    onFirstReceive(world, () => {
      // The stores are unreachable for 2.5 s, so the job keeps retrying its appends (every 1 s) ...
      const partition = world.sim.network.partition(sendSvrs, stores);
      world.sim.at(world.sim.nowUs + ms(2_500), 'heal', () => world.sim.network.heal(partition));
      // ... while the device's connection breaks, and the device resends on its new one.
      const conn = world.sim.network.connectionsOfProcess(sender.id)[0]!;
      world.sim.at(world.sim.nowUs + ms(100), 'break', () => world.sim.network.breakConnection(conn));
    });
    runTo(world, sec(70));

    const id = msg();
    const received = observer.sendSvrReceived.filter((r) => r.msg === id);
    expect(received).toHaveLength(2);
    // The retry reached the SendSvr within a second, while the first job was still appending.
    expect(received[1]!.timeUs - received[0]!.timeUs).toBeLessThan(sec(1));
    expect(observer.sendSvrAcks.filter((a) => a.msg === id)).toHaveLength(1);
    // The ack reached the device through the connection of the retry as soon as the job's fourth
    // append attempt (3 s after the first) got through, not after another 5 s send timeout.
    expect(observer.acks[0]!.timeUs).toBeGreaterThan(sec(5));
    expect(observer.acks[0]!.timeUs).toBeLessThan(ms(5_300));
    expectExactlyOneCopy(setup);
  });

  it('an append whose reply is lost is retried by SendSvr and deduplicated by each MsgStore', () => {
    const setup = oneSend();
    const { world, observer, msg } = setup;
    const sendSvrs = world.sendSvrs.map((s) => s.id);
    const stores = world.msgStores.map((s) => s.id);
    onFirstReceive(world, () => {
      // Appends get through; their replies do not, for 1.5 s.
      const partition = world.sim.network.partition(stores, sendSvrs, true);
      world.sim.at(world.sim.nowUs + ms(1_500), 'heal', () => world.sim.network.heal(partition));
    });
    runTo(world, sec(70));

    const id = msg();
    expect(observer.commitsOf(id)).toHaveLength(2);
    // The recipient's store was retried twice (at 1 s, still cut off, and at 2 s), each answered
    // with the first seq; the sender's own inbox, appended after, went through at once.
    expect(observer.appendDedups.map((d) => [d.user, d.seq, d.msg]).sort()).toEqual([[1, 1, id], [1, 1, id]]);
    expect(observer.attempts.filter((a) => a.msg === id)).toHaveLength(1);
    expectExactlyOneCopy(setup);
  });
});
