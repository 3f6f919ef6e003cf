// Acceptance: a group message reaches every member's devices, each member holding it at their own
// seq (members' seqs made to differ by 1:1 traffic first); non-members never see it.
import { describe, expect, it } from 'vitest';
import { sec } from '../../src/sim/time.js';
import type { Device } from '../../src/system/device.js';
import type { World } from '../../src/system/world.js';
import { heldBy, inboxOf, runTo, testWorld } from './harness.js';
import { expectAllCaughtUp, expectEachAckedOnce, Observer, seqSvrOf } from './observe.js';

const MEMBERS = [0, 1, 2, 3];
const OUTSIDER = 4;

/** Group 0 is users 0-3; user 4 is outside it. 1:1 messages leave the members at seqs 3, 4, 1, 0. */
function groupWorld() {
  const world = testWorld({
    users: [['ios', 'desktop'], ['android'], ['android', 'ios', 'desktop'], ['desktop'], ['android']],
    groups: [MEMBERS, [2, OUTSIDER]],
  });
  const observer = new Observer(world);
  const first = (user: number) => world.devicesOf(user)[0]!;
  const warmUp: number[] = [];
  const script: [number, number][] = [[0, 1], [0, 1], [0, 1], [2, OUTSIDER], [1, OUTSIDER]];
  script.forEach(([from, to], i) => world.sim.at(sec(2 + i), 'compose 1:1', () => warmUp.push(world.compose(first(from), { toUser: to })!)));
  return { world, observer, first, warmUp };
}

function composeAt(world: World, atUs: number, device: Device, group: number): () => number {
  let msg = -1;
  world.sim.at(atUs, 'compose group', () => (msg = world.compose(device, { group })!));
  return () => msg;
}

/** Where `msg` sits in `user`'s inbox: its seq, or undefined. */
function seqIn(world: World, user: number, msg: number): number | undefined {
  return inboxOf(world, user).find(([, m]) => m === msg)?.[0];
}

describe('group messages', () => {
  it('reach every member device once, each member at their own seq, and no outsider', () => {
    const { world, observer, first, warmUp } = groupWorld();
    runTo(world, sec(9));
    expect(MEMBERS.map((user) => seqSvrOf(world, user))).toEqual([3, 4, 1, 0]);
    expect(seqSvrOf(world, OUTSIDER)).toBe(2);

    const a = composeAt(world, sec(10), first(1), 0);
    const b = composeAt(world, sec(12), first(3), 0);
    runTo(world, sec(13));

    // Each member's own seq: one above where their inbox stood.
    expect(MEMBERS.map((user) => seqIn(world, user, a()))).toEqual([4, 5, 2, 1]);
    expect(MEMBERS.map((user) => seqIn(world, user, b()))).toEqual([5, 6, 3, 2]);
    expect(observer.commitsOf(a()).map((c) => c.user).sort()).toEqual(MEMBERS);
    expect(observer.commitsOf(b()).map((c) => c.user).sort()).toEqual(MEMBERS);
    expect(inboxOf(world, OUTSIDER).map(([, m]) => m)).toEqual([warmUp[3], warmUp[4]]);
    expectEachAckedOnce(world, observer, [a(), b()]);
    expect(observer.acksOf(a())).toEqual([{ device: first(1).id, ownSeq: 5 }]);

    // Within a second every member device holds both, each once, at its user's seq.
    for (const user of MEMBERS) {
      for (const device of world.devicesOf(user)) {
        const held = heldBy(device);
        expect(held, device.name).toContainEqual([seqIn(world, user, a()), a()]);
        expect(held, device.name).toContainEqual([seqIn(world, user, b()), b()]);
        expect(observer.storeCount(device, a()), device.name).toBe(1);
        expect(observer.storeCount(device, b()), device.name).toBe(1);
      }
    }
    for (const device of world.devicesOf(OUTSIDER)) expect(heldBy(device).map(([, m]) => m)).not.toContain(a());
    runTo(world, sec(70));
    expectAllCaughtUp(world, observer);
    expect(world.devicesOf(2).map((d) => d.durable.seqCli)).toEqual([3, 3, 3]);
  });

  it('a member whose app was down catches up on the group message at its own seq', () => {
    const { world, observer, first } = groupWorld();
    const away = world.devicesOf(2)[1]!;
    world.sim.at(sec(8), 'kill app', () => world.sim.crash(away.id));
    const a = composeAt(world, sec(10), first(0), 0);
    world.sim.at(sec(20), 'start app', () => world.sim.restart(away.id));
    runTo(world, sec(19));
    expect(heldBy(away).map(([, m]) => m)).not.toContain(a());
    runTo(world, sec(21));
    expect(heldBy(away)).toEqual(inboxOf(world, 2));
    expect(seqIn(world, 2, a())).toBe(2);
    expect(away.durable.seqCli).toBe(2);
    runTo(world, sec(70));
    expectAllCaughtUp(world, observer);
  });

  it('a MsgStore down longer than SendSvr retries: the device retry completes the group send, one copy each', () => {
    const { world, observer, first } = groupWorld();
    // Users 1 and 3 live on msgstore-1; users 0 and 2 on msgstore-0, which stays up.
    const store = world.msgStores[1]!;
    expect([1, 3].every((user) => world.topology.msgStores[user % 2] === store.id)).toBe(true);
    world.sim.at(sec(10), 'crash store', () => world.sim.crash(store.id));
    const a = composeAt(world, sec(10) + 1, first(0), 0);
    world.sim.at(sec(18), 'restart store', () => world.sim.restart(store.id));
    runTo(world, sec(90));

    expect(MEMBERS.map((user) => seqIn(world, user, a()))).toEqual([4, 5, 2, 1]);
    for (const user of MEMBERS) expect(inboxOf(world, user).filter(([, m]) => m === a()), `user ${user}`).toHaveLength(1);
    // User 2 was committed by the first job; the retry found it there. The sender's own inbox
    // (user 0) is appended only after every recipient took the message, so the first job never got to it.
    expect(observer.commitsOf(a()).map((c) => c.user).sort()).toEqual(MEMBERS);
    expect(observer.appendDedups.filter((d) => d.msg === a()).map((d) => d.user).sort()).toEqual([2]);
    expect(observer.attempts.filter((x) => x.msg === a()).length).toBeGreaterThanOrEqual(2);
    expectEachAckedOnce(world, observer, [a()]);
    expectAllCaughtUp(world, observer);
  });

  it("a group whose only member is the sender: the message lands in the sender's own inbox and is acked", () => {
    const world = testWorld({ users: [['ios', 'desktop'], ['android']], groups: [[0]] });
    const observer = new Observer(world);
    const sender = world.devicesOf(0)[0]!;
    const a = composeAt(world, sec(2), sender, 0);
    runTo(world, sec(30));
    expect(observer.commitsOf(a()).map((c) => c.user)).toEqual([0]);
    expect(seqIn(world, 0, a())).toBe(1);
    expectEachAckedOnce(world, observer, [a()]);
    expect(observer.acksOf(a())).toEqual([{ device: sender.id, ownSeq: 1 }]);
    expect(inboxOf(world, 1)).toEqual([]);
    runTo(world, sec(70));
    expectAllCaughtUp(world, observer);
  });
});
