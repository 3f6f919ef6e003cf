// Acceptance: an allocator restart makes seqs jump by the persisted step, and clients cross the
// gap without stalling (completeness comes from the server's bound, never from counting).
import { describe, expect, it } from 'vitest';
import { ms, sec } from '../../src/sim/time.js';
import { EV_ALLOC_PERSIST } from '../../src/system/events.js';
import type { World } from '../../src/system/world.js';
import { heldBy, inboxOf, runTo, testWorld } from './harness.js';
import { expectAllCaughtUp, expectEachAckedOnce, Observer } from './observe.js';

function world3(allocStep?: number): { world: World; observer: Observer; persisted: number[] } {
  const world = testWorld({ users: [['android'], ['ios', 'desktop']], knobs: allocStep === undefined ? {} : { allocStep } });
  const persisted: number[] = [];
  world.sim.trace.on(EV_ALLOC_PERSIST, (_t, _allocator, _section, maxSeq) => persisted.push(maxSeq));
  return { world, observer: new Observer(world), persisted };
}

/** User 0 sends one message to user 1 at each time; returns the msgIds in send order. */
function sendAt(world: World, timesUs: readonly number[]): number[] {
  const sent: number[] = [];
  const [sender] = world.devicesOf(0);
  for (const atUs of timesUs) world.sim.at(atUs, 'compose', () => sent.push(world.compose(sender!, { toUser: 1 })!));
  return sent;
}

describe('allocator restart', () => {
  it('makes both users\' seqs jump by the default step of 10,000, and every device crosses the gap at once', () => {
    const { world, observer, persisted } = world3();
    const allocator = world.allocators[0]!;
    const sent = sendAt(world, [sec(2), sec(3), sec(4), sec(8), sec(9), sec(10)]);
    world.sim.at(sec(6), 'crash allocator', () => world.sim.crash(allocator.id));
    world.sim.at(sec(6) + ms(300), 'restart allocator', () => world.sim.restart(allocator.id));
    runTo(world, sec(70));

    const seqs = [1, 2, 3, 10_001, 10_002, 10_003];
    expect(inboxOf(world, 1)).toEqual(sent.map((msg, i) => [seqs[i], msg]));
    expect(inboxOf(world, 0)).toEqual(sent.map((msg, i) => [seqs[i], msg]));
    // max_seq was persisted a step ahead before the first seq, and again after the restart.
    expect(persisted).toEqual([10_000, 20_000]);
    expectEachAckedOnce(world, observer, sent);
    expectAllCaughtUp(world, observer);
    for (const device of world.devicesOf(1)) {
      expect(device.durable.seqCli, device.name).toBe(10_003);
      // No stall: each message after the gap was stored within a second of being sent.
      for (const msg of sent.slice(3)) expect(observer.storedAtUs(device, msg)! - observer.composedAtUs.get(msg)!, device.name).toBeLessThan(sec(1));
      // No loop on the gap: one pull per hint, plus the connect and periodic ones.
      expect(observer.pullsOf(device).length, device.name).toBeLessThanOrEqual(sent.length + 3);
    }
  });

  it('jumps by a configured step, and a device away during the restart pages across the gap in one read', () => {
    const { world, observer, persisted } = world3(100);
    const allocator = world.allocators[0]!;
    const away = world.devicesOf(1)[1]!;
    const sent = sendAt(world, [sec(2), sec(3), sec(8), sec(9)]);
    world.sim.at(sec(1), 'kill app', () => world.sim.crash(away.id));
    world.sim.at(sec(5), 'crash allocator', () => world.sim.crash(allocator.id));
    world.sim.at(sec(6), 'restart allocator', () => world.sim.restart(allocator.id));
    world.sim.at(sec(12), 'start app', () => world.sim.restart(away.id));
    runTo(world, sec(70));

    expect(persisted).toEqual([100, 200]);
    expect(inboxOf(world, 1)).toEqual([[1, sent[0]], [2, sent[1]], [101, sent[2]], [102, sent[3]]]);
    expect(heldBy(away)).toEqual(inboxOf(world, 1));
    expect(away.durable.seqCli).toBe(102);
    const reads = observer.readsOf(away).filter((r) => r.count > 0);
    expect(reads.map((r) => [r.afterSeq, r.bound, r.count])).toEqual([[0, 102, 4]]);
    expectAllCaughtUp(world, observer);
  });

  it('leaves an issued seq unused when the allocator dies before replying; the retry gets a post-restart seq', () => {
    const { world, observer, persisted } = world3();
    const allocator = world.allocators[0]!;
    const sent = sendAt(world, [sec(2), sec(3), sec(4), sec(10)]);
    let crashed = false;
    // The third message's first allocation (the recipient's, user 1's seq 3: recipients are
    // appended before the sender's own inbox) is issued, then the allocator dies.
    world.sim.crashHook = {
      crashPointReached: (process, point) => {
        if (crashed || process !== allocator || point !== 'alloc.before-reply' || world.sim.nowUs < sec(4)) return false;
        crashed = true;
        world.sim.at(world.sim.nowUs + ms(300), 'restart allocator', () => world.sim.restart(allocator.id));
        return true;
      },
    };
    runTo(world, sec(70));

    expect(crashed).toBe(true);
    // Seq 3 of user 1 was issued and never used; its MsgStore retried after the restart and got
    // the jumped seq, and so did the sender's own inbox, appended after.
    const issued = observer.allocs.filter((a) => a.msg === sent[2]).map((a) => [a.user, a.seq]);
    expect(issued).toEqual([[1, 3], [1, 10_001], [0, 10_001]]);
    expect(persisted).toEqual([10_000, 20_000]);
    for (const user of [0, 1]) expect(inboxOf(world, user), `user ${user}`).toEqual(sent.map((msg, i) => [[1, 2, 10_001, 10_002][i], msg]));
    expectEachAckedOnce(world, observer, sent);
    expectAllCaughtUp(world, observer);
  });

  it.each(['alloc.received', 'alloc.before-persist', 'alloc.after-persist', 'alloc.before-reply'])(
    'never reissues a seq after a crash at %s with a small step',
    (point) => {
      const { world, observer } = world3(2);
      const allocator = world.allocators[0]!;
      const sent = sendAt(world, [sec(2), sec(3), sec(4), sec(5), sec(6), sec(7)]);
      let crashes = 0;
      world.sim.crashHook = {
        crashPointReached: (process, at) => {
          if (crashes >= 2 || process !== allocator || at !== point || world.sim.nowUs < sec(3)) return false;
          crashes++;
          world.sim.at(world.sim.nowUs + ms(200), 'restart allocator', () => world.sim.restart(allocator.id));
          return true;
        },
      };
      runTo(world, sec(70));

      expect(crashes).toBe(2);
      // Per user, every issued seq is new, and seqs rise in issue order.
      for (const user of [0, 1]) {
        const issued = observer.allocs.filter((a) => a.user === user).map((a) => a.seq);
        expect(new Set(issued).size, `user ${user}`).toBe(issued.length);
        expect(issued, `user ${user}`).toEqual([...issued].sort((a, b) => a - b));
        expect(inboxOf(world, user).map(([, msg]) => msg), `user ${user}`).toEqual(sent);
      }
      expectEachAckedOnce(world, observer, sent);
      expectAllCaughtUp(world, observer);
    },
  );

  it('does not jump without a restart: a user first seen after max_seq was raised still starts at 1', () => {
    const world = testWorld({ users: [['android'], ['android'], ['android']], knobs: { allocStep: 2 } });
    const observer = new Observer(world);
    const persisted: number[] = [];
    world.sim.trace.on(EV_ALLOC_PERSIST, (_t, _allocator, _section, maxSeq) => persisted.push(maxSeq));
    const [u0, u1, u2] = [0, 1, 2].map((user) => world.devicesOf(user)[0]!);
    const sent: number[] = [];
    // Users 0 and 1 raise their section's max_seq three times before user 2 is ever seen.
    for (let i = 0; i < 5; i++) world.sim.at(sec(2 + i), 'compose', () => sent.push(world.compose(u0, { toUser: 1 })!));
    world.sim.at(sec(10), 'compose', () => sent.push(world.compose(u1, { toUser: 2 })!));
    world.sim.at(sec(11), 'compose', () => sent.push(world.compose(u2, { toUser: 0 })!));
    runTo(world, sec(70));

    expect(inboxOf(world, 1).map(([seq]) => seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(inboxOf(world, 2)).toEqual([[1, sent[5]], [2, sent[6]]]);
    expect(inboxOf(world, 0).map(([seq]) => seq)).toEqual([1, 2, 3, 4, 5, 6]);
    // One persist per step of the busiest user, not one per newly seen user.
    expect(persisted).toEqual([2, 4, 6]);
    expectAllCaughtUp(world, observer);

    // After a restart every user of the section, seen or not, continues above the loaded max_seq.
    const allocator = world.allocators[0]!;
    world.sim.crash(allocator.id);
    world.sim.restart(allocator.id);
    world.sim.at(sec(71), 'compose', () => sent.push(world.compose(u2, { toUser: 1 })!));
    runTo(world, sec(140));
    expect(inboxOf(world, 2).at(-1)).toEqual([7, sent[7]]);
    expect(inboxOf(world, 1).at(-1)).toEqual([7, sent[7]]);
    expectAllCaughtUp(world, observer);
  });
});
