// Acceptance: a blacklisted or spam send is rejected visibly to the sender (EV_SEND_REJECTED with
// the reason) and stored nowhere: no seq, no inbox entry, no device, no retry.
import { describe, expect, it } from 'vitest';
import { EV_SEND_DEFERRED } from '../../src/system/events.js';
import { ms, sec } from '../../src/sim/time.js';
import type { Device } from '../../src/system/device.js';
import { EV_SENDSVR_REJECT } from '../../src/system/events.js';
import type { World } from '../../src/system/world.js';
import { heldBy, inboxOf, runTo, testWorld } from './harness.js';
import { expectAllCaughtUp, expectEachAckedOnce, Observer } from './observe.js';

/** User 1 has blacklisted user 0; group 0 is users 0 and 1, group 1 is users 1 and 2. */
function world3() {
  const world = testWorld({
    users: [['android', 'desktop'], ['ios'], ['android']],
    blacklist: [[1, 0]],
    groups: [[0, 1], [1, 2]],
  });
  return { world, observer: new Observer(world), sender: world.devicesOf(0)[0]! };
}

function composeAt(world: World, atUs: number, device: Device, target: { toUser: number } | { group: number }, spam = false): () => number {
  let msg = -1;
  world.sim.at(atUs, 'compose', () => (msg = world.compose(device, target, { spam })!));
  return () => msg;
}

/** The first rejection is lost on its way back to the device (the link heals 2 s later); `meanwhile` runs 1 s in. */
function loseFirstRejection(world: World, sender: Device, meanwhile: () => void = () => {}): void {
  let cut = false;
  world.sim.trace.on(EV_SENDSVR_REJECT, () => {
    if (cut) return;
    cut = true;
    const partition = world.sim.network.partition(world.connectSvrs.map((s) => s.id), [sender.id], true);
    world.sim.at(world.sim.nowUs + sec(2), 'heal', () => world.sim.network.heal(partition));
    world.sim.at(world.sim.nowUs + sec(1), 'meanwhile', meanwhile);
  });
}

/** The message was rejected once, to its sender, for `reason`, and exists nowhere. */
function expectRejectedNowhere(world: World, observer: Observer, sender: Device, msg: number, reason: string): void {
  expect(observer.rejections.filter((r) => r.msg === msg)).toEqual([{ device: sender.id, msg, reason }]);
  expect(observer.acksOf(msg)).toEqual([]);
  expect(observer.allocs.filter((a) => a.msg === msg)).toEqual([]);
  expect(observer.commitsOf(msg)).toEqual([]);
  expect(observer.stores.filter((s) => s.msg === msg)).toEqual([]);
  for (let user = 0; user < world.spec.users.length; user++) expect(inboxOf(world, user).map(([, m]) => m)).not.toContain(msg);
  for (const device of world.devices) expect(heldBy(device).map(([, m]) => m), device.name).not.toContain(msg);
  // Rejected is final: one attempt, and the outbox let it go.
  expect(observer.attempts.filter((a) => a.msg === msg)).toHaveLength(1);
  expect(sender.durable.outbox.size).toBe(0);
}

describe('rejected sends', () => {
  it('a blacklisted 1:1 send is rejected to the sender and stored nowhere; the other direction works', () => {
    const { world, observer, sender } = world3();
    const blocked = composeAt(world, sec(2), sender, { toUser: 1 });
    const back = composeAt(world, sec(3), world.devicesOf(1)[0]!, { toUser: 0 });
    const other = composeAt(world, sec(4), sender, { toUser: 2 });
    runTo(world, sec(70));

    expectRejectedNowhere(world, observer, sender, blocked(), 'blacklisted');
    expect(observer.sendSvrRejects).toEqual([{ msg: blocked(), reason: 'blacklisted' }]);
    // The blacklist is one-way, and only for that pair.
    expect(inboxOf(world, 0)).toEqual([[1, back()], [2, other()]]);
    expect(inboxOf(world, 1)).toEqual([[1, back()]]);
    expect(inboxOf(world, 2)).toEqual([[1, other()]]);
    expectEachAckedOnce(world, observer, [back(), other()]);
    expectAllCaughtUp(world, observer);
  });

  it('a spam 1:1 or group send is rejected to the sender and stored nowhere', () => {
    const { world, observer, sender } = world3();
    const spam1 = composeAt(world, sec(2), sender, { toUser: 2 }, true);
    const spamGroup = composeAt(world, sec(3), world.devicesOf(2)[0]!, { group: 1 }, true);
    const clean = composeAt(world, sec(4), sender, { toUser: 2 });
    runTo(world, sec(70));

    expectRejectedNowhere(world, observer, sender, spam1(), 'spam');
    expectRejectedNowhere(world, observer, world.devicesOf(2)[0]!, spamGroup(), 'spam');
    expect(inboxOf(world, 1)).toEqual([]);
    expect(inboxOf(world, 2)).toEqual([[1, clean()]]);
    expectEachAckedOnce(world, observer, [clean()]);
    expectAllCaughtUp(world, observer);
  });

  it('a burst past the anti-spam limit is deferred, not rejected: the excess goes through after the window, once', () => {
    const { world, observer } = world3();
    const phone = world.devicesOf(2)[0]!;
    const deferred: number[] = [];
    world.sim.trace.on(EV_SEND_DEFERRED, (_t, _device, msg) => deferred.push(msg));
    const burst: (() => number)[] = [];
    // 32 sends within a second: the limit is 30 per 10 s window.
    for (let i = 0; i < 32; i++) burst.push(composeAt(world, sec(2) + i * ms(30), phone, { toUser: 1 }));
    const later = composeAt(world, sec(15), phone, { toUser: 1 });
    runTo(world, sec(80));

    const all = [...burst.map((m) => m()), later()];
    expect(deferred).toEqual(all.slice(30, 32));
    expect(observer.rejections).toEqual([]);
    // The two deferred sends went again after the window: a second attempt each, then acked.
    for (const msg of deferred) expect(observer.attempts.filter((a) => a.msg === msg)).toHaveLength(2);
    const sorted = (msgs: number[]) => [...msgs].sort((a, b) => a - b);
    for (const user of [1, 2]) {
      expect(sorted(inboxOf(world, user).map(([, m]) => m)), `user ${user}`).toEqual(sorted(all));
      expect(inboxOf(world, user).map(([seq]) => seq), `user ${user}`).toEqual([...Array(33).keys()].map((i) => i + 1));
    }
    expect(inboxOf(world, 1).at(-1)).toEqual([33, later()]);
    expectEachAckedOnce(world, observer, all);
    expectAllCaughtUp(world, observer);
  });

  it('a send to oneself or to a group the sender is not in is rejected as unknown-recipient', () => {
    const { world, observer, sender } = world3();
    const self = composeAt(world, sec(2), sender, { toUser: 0 });
    const notMember = composeAt(world, sec(3), sender, { group: 1 });
    const noGroup = composeAt(world, sec(4), sender, { group: 7 });
    runTo(world, sec(70));
    for (const msg of [self(), notMember(), noGroup()]) expectRejectedNowhere(world, observer, sender, msg, 'unknown-recipient');
    for (const user of [0, 1, 2]) expect(inboxOf(world, user)).toEqual([]);
  });

  it('a rejection survives a lost answer: the retry gets the recorded rejection, still stored nowhere', () => {
    const { world, observer, sender } = world3();
    const blocked = composeAt(world, sec(2), sender, { toUser: 1 });
    loseFirstRejection(world, sender);
    runTo(world, sec(70));

    const msg = blocked();
    // SendSvr decided once; the retry is answered from the rejection it recorded.
    expect(observer.sendSvrRejects).toEqual([{ msg, reason: 'blacklisted' }]);
    expect(observer.rejections).toEqual([{ device: sender.id, msg, reason: 'blacklisted' }]);
    expect(observer.attempts.filter((a) => a.msg === msg)).toHaveLength(2);
    expect(observer.commitsOf(msg)).toEqual([]);
    expect(observer.allocs).toEqual([]);
    for (const device of world.devices) expect(heldBy(device), device.name).toEqual([]);
    expect(sender.durable.outbox.size).toBe(0);
  });

  it('a rejection stays final when the block is lifted before the retry (found by mutant-hunt seed 323, swarm)', () => {
    const { world, observer, sender } = world3();
    const blocked = composeAt(world, sec(2), sender, { toUser: 1 });
    // The block is lifted while the answer is lost, before the device sends again.
    loseFirstRejection(world, sender, () => world.changeDirectory('unblock', 1, 0));
    runTo(world, sec(70));

    const msg = blocked();
    expect(observer.attempts.filter((a) => a.msg === msg)).toHaveLength(2);
    expect(observer.rejections).toEqual([{ device: sender.id, msg, reason: 'blacklisted' }]);
    expect(observer.commitsOf(msg)).toEqual([]);
    expect(observer.allocs).toEqual([]);
  });
});
