// Acceptance: a 1:1 message from a user with 2 devices to a user with 3 devices lands once on all
// 5 devices (the 4 other than the sending one by notify and pull, the sender by its ack), in seq
// order, and both users' Seq_svr and every device's Seq_cli agree.
import { describe, expect, it } from 'vitest';
import { ms, sec } from '../../src/sim/time.js';
import { heldBy, inboxOf, runTo, testWorld } from './harness.js';
import { expectAllCaughtUp, expectEachAckedOnce, inboxMsgs, Observer, seqSvrOf } from './observe.js';

function twoAndThree() {
  const world = testWorld({ users: [['ios', 'desktop'], ['android', 'ios', 'desktop']] });
  const observer = new Observer(world);
  const [a0, a1] = world.devicesOf(0);
  const [b0, b1, b2] = world.devicesOf(1);
  return { world, observer, sender: a0!, senderOther: a1!, recipients: [b0!, b1!, b2!] };
}

describe('1:1 delivery to every device', () => {
  it('lands once on all 5 devices, fast, with Seq_svr and every Seq_cli agreeing', () => {
    const { world, observer, sender, senderOther, recipients } = twoAndThree();
    runTo(world, sec(2));
    const msg = world.compose(sender, { toUser: 1 })!;
    runTo(world, sec(3));

    // One inbox entry per target user: the recipient's and the sender's own.
    expect(inboxOf(world, 0)).toEqual([[1, msg]]);
    expect(inboxOf(world, 1)).toEqual([[1, msg]]);
    expect(observer.commitsOf(msg)).toHaveLength(2);
    expectEachAckedOnce(world, observer, [msg]);

    // Every other device got it over the notify-then-pull path within the seed's ~100 ms.
    for (const device of [senderOther, ...recipients]) {
      expect(heldBy(device), device.name).toEqual([[1, msg]]);
      expect(observer.storeCount(device, msg), device.name).toBe(1);
      expect(observer.storedAtUs(device, msg)! - observer.composedAtUs.get(msg)!, device.name).toBeLessThan(ms(300));
      expect(device.durable.seqCli, device.name).toBe(1);
    }
    // The sender holds its own message from the ack; its cursor moves on its next pull.
    expect(heldBy(sender)).toEqual([[1, msg]]);
    expect(sender.durable.seqCli).toBe(0);
    runTo(world, sec(65));
    expect(seqSvrOf(world, 0)).toBe(1);
    expect(seqSvrOf(world, 1)).toBe(1);
    expectAllCaughtUp(world, observer);
  });

  it('keeps a conversation in seq order on every device, in both directions', () => {
    const { world, observer, sender, senderOther, recipients } = twoAndThree();
    runTo(world, sec(2));
    const sent: number[] = [];
    // Both users type, from different devices, some in quick succession, some after the ack.
    const script: [number, typeof sender, number][] = [
      [sec(2), sender, 1],
      [sec(2) + ms(5), sender, 1],
      [sec(2) + ms(10), senderOther, 1],
      [sec(3), recipients[0]!, 0],
      [sec(3) + ms(1), recipients[2]!, 0],
      [sec(4), sender, 1],
      [sec(4) + ms(200), recipients[1]!, 0],
    ];
    for (const [atUs, device, toUser] of script) world.sim.at(atUs, 'compose', () => sent.push(world.compose(device, { toUser })!));
    runTo(world, sec(70));

    expect(sent).toHaveLength(7);
    // Both inboxes hold all 7 messages, seqs 1..7 (one allocator, no restart: no gaps).
    for (const user of [0, 1]) {
      expect(inboxMsgs(world, user).sort((x, y) => x - y), `user ${user}`).toEqual([...sent].sort((x, y) => x - y));
      expect(inboxOf(world, user).map(([seq]) => seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    }
    // A message sent after an earlier one was acked has the higher seq in both inboxes.
    for (const user of [0, 1]) {
      const seqOf = new Map(inboxOf(world, user).map(([seq, msg]) => [msg, seq]));
      for (const later of observer.acks) {
        for (const earlier of observer.acks) {
          if (earlier.timeUs < observer.composedAtUs.get(later.msg)!) expect(seqOf.get(later.msg)!).toBeGreaterThan(seqOf.get(earlier.msg)!);
        }
      }
    }
    expectEachAckedOnce(world, observer, sent);
    expectAllCaughtUp(world, observer);
    // Each device stored messages in rising seq order (no page arrived out of order).
    for (const device of world.devices) {
      const seqs = observer.stores.filter((s) => s.device === device.id && !observer.acks.some((a) => a.msg === s.msg && a.device === device.id)).map((s) => s.seq);
      expect(seqs, device.name).toEqual([...seqs].sort((x, y) => x - y));
    }
  });

  it('a restarted ReceiveSvr never hands a page read before its crash to another device\'s pull', () => {
    // Users 0 and 2 share receivesvr-0 and msgstore-0.
    const world = testWorld({ users: [['android'], ['android'], ['android']] });
    const observer = new Observer(world);
    const [u0, u1, u2] = [0, 1, 2].map((user) => world.devicesOf(user)[0]!);
    const receiveSvr = world.receiveSvrs[0]!;
    const store = world.msgStores[0]!;
    expect([0, 2].map((user) => world.topology.receiveSvrs[user % 2])).toEqual([receiveSvr.id, receiveSvr.id]);
    let msg = -1;
    world.sim.at(sec(2), 'compose', () => (msg = world.compose(u1, { toUser: 0 })!));
    // The store stalls: reads sent from now on are answered at 8 s.
    world.sim.at(sec(5), 'stall store', () => world.sim.network.stall(store.id, sec(8)));
    const relaunch = (atUs: number, device: typeof u0) => {
      world.sim.at(atUs, 'kill app', () => world.sim.crash(device.id));
      world.sim.at(atUs + ms(10), 'start app', () => world.sim.restart(device.id));
    };
    // A fresh ReceiveSvr serves user 0's pull of its inbox, restarts, then serves user 2's pull of
    // its empty one: each is the first request of its incarnation.
    world.sim.at(ms(4_900), 'crash receivesvr', () => world.sim.crash(receiveSvr.id));
    world.sim.at(ms(5_000), 'restart receivesvr', () => world.sim.restart(receiveSvr.id));
    relaunch(ms(5_100), u0);
    world.sim.at(ms(5_500), 'crash receivesvr', () => world.sim.crash(receiveSvr.id));
    world.sim.at(ms(5_600), 'restart receivesvr', () => world.sim.restart(receiveSvr.id));
    relaunch(sec(6), u2);
    runTo(world, sec(9));
    // User 2's pull was answered from its own empty inbox, not with user 0's bound.
    expect(inboxOf(world, 2)).toEqual([]);
    expect(u2.durable.seqCli).toBe(0);

    // So user 2's first message, at its seq 1, is not skipped.
    let later = -1;
    world.sim.at(sec(10), 'compose', () => (later = world.compose(u1, { toUser: 2 })!));
    runTo(world, sec(70));
    expect(inboxOf(world, 0)).toEqual([[1, msg]]);
    expect(inboxOf(world, 2)).toEqual([[1, later]]);
    expect(heldBy(u2)).toEqual([[1, later]]);
    expect(heldBy(u0)).toEqual([[1, msg]]);
    expectAllCaughtUp(world, observer);
  });
});
