// A MsgStore shard is a replica group: an append commits once a majority holds it durably, a
// failover promotes the most up-to-date live replica and loses nothing committed, and a primary's
// tail that never reached a majority is cut when it comes back as a replica.
import { describe, expect, it } from 'vitest';
import { ms, sec } from '../../src/sim/time.js';
import { EV_PROMOTED, EV_READ } from '../../src/system/events.js';
import { failOver } from '../../src/system/failover.js';
import type { MsgStore } from '../../src/system/msgStore.js';
import type { World } from '../../src/system/world.js';
import { inboxOf, runTo, testWorld } from './harness.js';
import { expectAllCaughtUp, expectEachAckedOnce, Observer } from './observe.js';

/** User 0 sends to user 1, whose inbox lives on shard 1: msgstore-1 (primary), msgstore-3 and msgstore-5. */
function shardOne(): { world: World; observer: Observer; stores: Record<'primary' | 'a' | 'b', MsgStore>; sendAt: (atUs: number) => () => number } {
  const world = testWorld({ users: [['android'], ['android', 'desktop']] });
  const observer = new Observer(world);
  const named = (name: string) => world.msgStores.find((store) => store.name === name)!;
  const stores = { primary: named('msgstore-1'), a: named('msgstore-3'), b: named('msgstore-5') };
  expect(world.topology.msgStoreGroups[1]).toEqual([stores.primary.id, stores.a.id, stores.b.id]);
  const sendAt = (atUs: number) => {
    let msg = -1;
    world.sim.at(atUs, 'compose', () => (msg = world.compose(world.devicesOf(0)[0]!, { toUser: 1 })!));
    return () => msg;
  };
  return { world, observer, stores, sendAt };
}

/** A replica's durable log as [seq, msgId] per LSN. */
const logOf = (store: MsgStore) => {
  const { durableLog: log, logEntries: entries } = store;
  return Array.from({ length: log.length }, (_, i) => log.at(i)!).map((id) => [entries.seq(id), entries.message(id).msgId]);
};

describe('MsgStore replication', () => {
  it('commits (and so acks) an append only once a majority of the shard holds it: one replica is enough, none is not', () => {
    const { world, observer, stores, sendAt } = shardOne();
    const net = world.sim.network;
    // 1-6 s: the primary reaches neither replica; 10-15 s: only one.
    world.sim.at(sec(1), 'isolate', () => {
      const cut = net.partition([stores.primary.id], [stores.a.id, stores.b.id]);
      world.sim.at(sec(6), 'heal', () => net.heal(cut));
    });
    world.sim.at(sec(10), 'cut one', () => {
      const cut = net.partition([stores.primary.id], [stores.a.id]);
      world.sim.at(sec(15), 'heal', () => net.heal(cut));
    });
    const alone = sendAt(sec(2));
    const withOne = sendAt(sec(11));
    runTo(world, sec(70));

    const commitUs = (msg: number) => observer.commitsOf(msg).find((c) => c.user === 1)!.timeUs;
    expect(commitUs(alone())).toBeGreaterThan(sec(6));
    expect(commitUs(withOne()) - sec(11)).toBeLessThan(ms(200));
    for (const msg of [alone(), withOne()]) expect(observer.acks.find((a) => a.msg === msg)!.timeUs).toBeGreaterThan(commitUs(msg));
    expectEachAckedOnce(world, observer, [alone(), withOne()]);
    expectAllCaughtUp(world, observer);
    // In the end every replica holds the same log.
    expect(logOf(stores.a)).toEqual(logOf(stores.primary));
    expect(logOf(stores.b)).toEqual(logOf(stores.primary));
  });

  it('a failover promotes the live replica with the most up-to-date log, and every commit survives', () => {
    const { world, observer, stores, sendAt } = shardOne();
    const promoted: number[] = [];
    world.sim.trace.on(EV_PROMOTED, (_t, store, shard, epoch) => promoted.push(store, shard, epoch));
    // Replica a falls behind: it hears nothing from the primary while three messages commit with b.
    world.sim.at(sec(1), 'lag a', () => {
      const cut = world.sim.network.partition([stores.primary.id], [stores.a.id]);
      world.sim.at(sec(5), 'fail over', () => {
        world.sim.network.heal(cut);
        failOver(world, 1);
      });
    });
    const sent = [sendAt(sec(2)), sendAt(sec(3)), sendAt(sec(4)), sendAt(sec(7)), sendAt(sec(8))];
    world.sim.at(sec(10), 'old primary back', () => world.sim.restart(stores.primary.id));
    runTo(world, sec(70));

    expect(promoted).toEqual([stores.b.id, 1, 2]);
    expect(world.topology.msgStorePrimary[1]).toBe(stores.b.id);
    expect(stores.primary.isPrimary).toBe(false);
    expect(inboxOf(world, 1).map(([, msg]) => msg)).toEqual(sent.map((msg) => msg()));
    expectEachAckedOnce(world, observer, sent.map((msg) => msg()));
    expectAllCaughtUp(world, observer);
    // The lagging replica and the old primary caught up with the new primary's log.
    expect(logOf(stores.a)).toEqual(logOf(stores.b));
    expect(logOf(stores.primary)).toEqual(logOf(stores.b));
  });

  it('a primary cut off from its replicas loses its unreplicated tail: the retried append commits once, at a new seq', () => {
    const { world, observer, stores, sendAt } = shardOne();
    world.sim.at(sec(1), 'isolate', () => {
      const cut = world.sim.network.partition([stores.primary.id], [stores.a.id, stores.b.id]);
      world.sim.at(sec(4), 'fail over', () => {
        world.sim.network.heal(cut);
        failOver(world, 1);
      });
    });
    const msg = sendAt(sec(2));
    world.sim.at(sec(6), 'old primary back', () => world.sim.restart(stores.primary.id));
    runTo(world, sec(70));

    // Written on the old primary at seq 1 and never committed; the retry got seq 2 from the allocator.
    const issued = observer.allocs.filter((a) => a.msg === msg() && a.user === 1).map((a) => a.seq);
    expect(issued).toEqual([1, 2]);
    expect(new Set(observer.commitsOf(msg()).filter((c) => c.user === 1).map((c) => c.seq))).toEqual(new Set([2]));
    expect(inboxOf(world, 1)).toEqual([[2, msg()]]);
    expectEachAckedOnce(world, observer, [msg()]);
    expectAllCaughtUp(world, observer);
    // Back as a replica, the old primary's log lost the entry at seq 1.
    expect(logOf(stores.primary)).toEqual(logOf(world.msgStores.find((s) => s.id === world.topology.msgStorePrimary[1])!));
    expect(logOf(stores.primary).map(([seq]) => seq)).not.toContain(1);
  });

  it('a crashed replica does not stop commits; a crashed primary stops its shard until it restarts', () => {
    const { world, observer, stores, sendAt } = shardOne();
    world.sim.at(sec(1), 'crash a replica', () => world.sim.crash(stores.a.id));
    world.sim.at(sec(5), 'crash the primary', () => world.sim.crash(stores.primary.id));
    world.sim.at(sec(9), 'restart both', () => [stores.a.id, stores.primary.id].forEach((id) => world.sim.restart(id)));
    const whileReplicaDown = sendAt(sec(2));
    const whilePrimaryDown = sendAt(sec(6));
    runTo(world, sec(70));

    const commitUs = (msg: number) => observer.commitsOf(msg).find((c) => c.user === 1)!.timeUs;
    expect(commitUs(whileReplicaDown()) - sec(2)).toBeLessThan(ms(200));
    expect(commitUs(whilePrimaryDown())).toBeGreaterThan(sec(9));
    expect(world.topology.msgStorePrimary[1]).toBe(stores.primary.id);
    expectEachAckedOnce(world, observer, [whileReplicaDown(), whilePrimaryDown()]);
    expectAllCaughtUp(world, observer);
    expect(logOf(stores.a)).toEqual(logOf(stores.primary));
  });

  it('with one replica per shard there is nothing to fail over to: the shard waits for its primary', () => {
    const world = testWorld({ users: [['android'], ['android']], knobs: { msgStoreReplicas: 1 } });
    const observer = new Observer(world);
    expect(world.msgStores.map((store) => store.name)).toEqual(['msgstore-0', 'msgstore-1']);
    let msg = -1;
    world.sim.at(sec(2), 'compose', () => (msg = world.compose(world.devicesOf(0)[0]!, { toUser: 1 })!));
    let promoted: MsgStore | undefined;
    world.sim.at(sec(1), 'fail over', () => (promoted = failOver(world, 1)));
    world.sim.at(sec(8), 'restart', () => world.sim.restart(world.msgStores[1]!.id));
    runTo(world, sec(70));

    expect(promoted).toBeUndefined();
    expect(world.topology.msgStorePrimary[1]).toBe(world.msgStores[1]!.id);
    expect(observer.commitsOf(msg).find((c) => c.user === 1)!.timeUs).toBeGreaterThan(sec(8));
    expectEachAckedOnce(world, observer, [msg]);
    expectAllCaughtUp(world, observer);
  });
});

describe('a newly promoted MsgStore primary', () => {
  it('answers no read before its tail is committed again: a bound below a commit the old primary acked would say "caught up" (found by seq-exhaustion seed 823, swarm)', () => {
    const { world, observer, stores, sendAt } = shardOne();
    const net = world.sim.network;
    const sent = sendAt(sec(2));
    const reads: { timeUs: number; bound: number }[] = [];
    const READER = 12_345;
    world.sim.trace.on(EV_READ, (timeUs, _store, device, _afterSeq, bound) => device === READER && reads.push({ timeUs, bound }));
    let promoted: MsgStore | undefined;
    // The primary is cut off before its replicas learn the commit point, then failed over; the new
    // primary cannot reach the other replica until 6 s, so its tail stays uncommitted until then.
    world.sim.at(sec(2) + ms(500), 'cut the primary off', () => net.partition([stores.primary.id], [stores.a.id, stores.b.id]));
    world.sim.at(sec(3), 'fail over', () => {
      promoted = failOver(world, 1)!;
      const other = promoted === stores.a ? stores.b : stores.a;
      const cut = net.partition([promoted.id], [other.id]);
      world.sim.at(sec(6), 'heal', () => net.heal(cut));
    });
    world.sim.at(sec(4), 'read', () => world.receiveSvrs[0]!.send(promoted!.id, { type: 'read-req', reqId: 1, user: 1, afterSeq: 0, limit: 50, maxBytes: 0, device: READER }));
    runTo(world, sec(10));

    const seq = observer.commitsOf(sent()).find((c) => c.user === 1)!.seq;
    expect(reads).toHaveLength(1);
    expect(reads[0]!.timeUs).toBeGreaterThanOrEqual(sec(6));
    expect(reads[0]!.bound).toBeGreaterThanOrEqual(seq);
  });
});
