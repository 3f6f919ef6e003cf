// Allocator section groups own their sections by lease: a paused owner's lease lapses and a standby
// takes over, starting every user above the persisted max_seq; the store waits out the clock margin
// before it hands a lapsed lease over, and that margin is what keeps an owner whose clock runs
// behind from issuing seqs under the new owner's.
import { describe, expect, it } from 'vitest';
import { ms, sec } from '../../src/sim/time.js';
import type { SystemKnobs } from '../../src/system/config.js';
import { EV_ALLOC, EV_LEASE_GRANTED } from '../../src/system/events.js';
import type { Wire } from '../../src/system/wire.js';
import type { World } from '../../src/system/world.js';
import { runTo, testWorld } from './harness.js';
import { expectAllCaughtUp, expectEachAckedOnce, Observer } from './observe.js';

interface Setup {
  readonly world: World;
  readonly observer: Observer;
  /** [time, owner] of each grant to a new holder. */
  readonly grants: [number, number][];
  /** Who issued each seq, in issue order. */
  readonly issuers: { allocator: number; user: number; seq: number; timeUs: number }[];
  readonly sent: (() => number)[];
}

/** allocator-0 owns the only section group, allocator-1 stands by; user 0 sends to user 1 at each time. */
function group(sendsUs: readonly number[], knobs: Partial<SystemKnobs> = {}): Setup {
  const world = testWorld({ users: [['android'], ['android']], knobs: { allocStep: 100, ...knobs } });
  const observer = new Observer(world);
  const grants: [number, number][] = [];
  world.sim.trace.on(EV_LEASE_GRANTED, (timeUs, _store, _group, _epoch, owner) => grants.push([timeUs, owner]));
  const issuers: Setup['issuers'] = [];
  world.sim.trace.on(EV_ALLOC, (timeUs, allocator, user, seq) => issuers.push({ allocator, user, seq, timeUs }));
  const sent = sendsUs.map((atUs) => {
    let msg = -1;
    world.sim.at(atUs, 'compose', () => (msg = world.compose(world.devicesOf(0)[0]!, { toUser: 1 })!));
    return () => msg;
  });
  return { world, observer, grants, issuers, sent };
}

/** Per user, the seqs issued, in issue order. */
function issuedPerUser(setup: Setup): Map<number, number[]> {
  const byUser = new Map<number, number[]>();
  for (const { user, seq } of setup.issuers) byUser.set(user, [...(byUser.get(user) ?? []), seq]);
  return byUser;
}

const rising = (seqs: readonly number[]) => seqs.every((seq, i) => i === 0 || seq > seqs[i - 1]!);

describe('allocator lease', () => {
  it('a paused owner loses its group to the standby once the lease and the clock margin have run out; seqs keep rising', () => {
    const setup = group([sec(2), sec(3), sec(5), sec(6), sec(14)]);
    const { world, observer, grants, issuers, sent } = setup;
    const [owner, standby] = world.allocators;
    world.sim.at(sec(4), 'pause owner', () => world.sim.pause(owner!.id));
    world.sim.at(sec(12), 'resume owner', () => world.sim.resume(owner!.id));
    runTo(world, sec(70));

    // The owner's last renewal was within the second before the pause.
    const { allocatorLeaseUs, clockSkewMaxUs } = world.spec.knobs;
    expect(grants.map(([, to]) => to)).toEqual([owner!.id, standby!.id]);
    expect(grants[1]![0]).toBeGreaterThan(sec(3) + allocatorLeaseUs + clockSkewMaxUs);
    expect(grants[1]![0]).toBeLessThan(sec(4) + allocatorLeaseUs + clockSkewMaxUs + sec(1) + ms(50));
    expect(world.topology.allocatorOwner[0]).toBe(standby!.id);
    // Nothing issued by the old owner after its pause; the standby started above max_seq (100).
    expect(issuers.filter((i) => i.allocator === owner!.id).every((i) => i.timeUs < sec(4))).toBe(true);
    expect(issuers.filter((i) => i.allocator === standby!.id).map((i) => i.seq)[0]).toBe(101);
    for (const seqs of issuedPerUser(setup).values()) expect(rising(seqs)).toBe(true);
    expectEachAckedOnce(world, observer, sent.map((msg) => msg()));
    expectAllCaughtUp(world, observer);
  });

  it('a pause shorter than the lease hands nothing over: the owner resumes and seqs go on without a jump', () => {
    const setup = group([sec(2), sec(5), sec(8)]);
    const { world, observer, grants, sent } = setup;
    world.sim.at(sec(4), 'pause owner', () => world.sim.pause(world.allocators[0]!.id));
    world.sim.at(ms(5_500), 'resume owner', () => world.sim.resume(world.allocators[0]!.id));
    runTo(world, sec(70));

    expect(grants).toHaveLength(1);
    expect(issuedPerUser(setup).get(1)).toEqual([1, 2, 3]);
    expectEachAckedOnce(world, observer, sent.map((msg) => msg()));
    expectAllCaughtUp(world, observer);
  });

  // The owner's clock is set 4 s behind and it is paused with appends queued at it. Without a
  // margin the standby takes over once the lease lapses by the store's clock; the resumed owner
  // still believes in its lease and issues from its old cur_seq, below the new owner's seqs.
  it.each([
    ['no margin', 0, false],
    ['a margin of the skew', 4_000, true],
  ])('an owner whose clock runs 4 s behind, paused and resumed, with %s: seqs rising = %s', (_name, marginMs, safe) => {
    const setup = group([sec(2), sec(5), sec(6)], { clockSkewMaxUs: ms(marginMs) });
    const { world } = setup;
    const owner = world.allocators[0]!;
    world.sim.at(sec(4), 'skew and pause owner', () => {
      world.sim.setClockOffset(owner.id, -sec(4));
      world.sim.pause(owner.id);
    });
    world.sim.at(ms(9_500), 'resume owner', () => world.sim.resume(owner.id));
    runTo(world, sec(70));

    const perUser = [...issuedPerUser(setup).values()];
    expect(perUser.every(rising)).toBe(safe);
  });

  it('takes a duplicated grant once: seqs issued since are not issued again (found by a lossy, duplicating data centre)', () => {
    // A 30 s lease: the grant answers the current request until the first renewal, 10 s on.
    const setup = group([sec(2), sec(3), sec(5), sec(6)], { allocatorLeaseUs: sec(30) });
    const owner = setup.world.allocators[0]!;
    const deliver = owner.onMessage.bind(owner);
    let grant: { from: number; message: Wire } | undefined;
    owner.onMessage = (from, message) => {
      if (message.type === 'lease-resp' && message.sectionMax !== null) grant = { from, message };
      deliver(from, message);
    };
    setup.world.sim.at(sec(4), 'the grant again', () => deliver(grant!.from, grant!.message));
    runTo(setup.world, sec(40));

    expect(grant).toBeDefined();
    expect(setup.grants).toHaveLength(1);
    expect(issuedPerUser(setup).get(1)).toEqual([1, 2, 3, 4]);
    expectEachAckedOnce(setup.world, setup.observer, setup.sent.map((msg) => msg()));
  });
});

describe('the max_seq store', () => {
  it('never lowers a max_seq: an older write that arrives after a later one changes nothing (found by switch-flap seed 330, swarm)', () => {
    // On a bloated data-centre link a first try of a max_seq write can arrive after its retry and the
    // next raise; applied as it came, it lowered max_seq under seqs already issued, and a restarted
    // owner reissued them.
    const world = testWorld({ users: [['android'], ['android']] });
    runTo(world, sec(1));
    const [owner] = world.allocators;
    const store = world.seqStores[0]!;
    const epoch = store.durable.epoch;
    owner!.send(store.id, { type: 'maxseq-write', reqId: 900_001, epoch, section: 9, maxSeq: 60 });
    runTo(world, sec(2));
    owner!.send(store.id, { type: 'maxseq-write', reqId: 900_000, epoch, section: 9, maxSeq: 55 });
    runTo(world, sec(3));
    expect(store.durable.sectionMax.get(9)).toBe(60);
  });
});
