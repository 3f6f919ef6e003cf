// A link slower than the pull timeout: every answer comes after the device has already retried.
// The late answer to an earlier try from the same cursor still answers the question, so the device
// catches up instead of retrying forever (the retry livelock seen on group-storm seed 146's 2G link).
// And a link too slow to carry the longest entry within the pull timeout gets a longer one: else
// every retry queued another copy of the page ahead of the answer, and the device never caught up.
// But only a try of the same pull will do: a late answer to an earlier pull was read before the hint
// that started this one (dead-phones seed 520985 under swarm, found by fresh seeds: a duplicated
// datagram's answer was taken for the hinted pull's, and the message waited a minute).
import { describe, expect, it } from 'vitest';
import { ms, sec } from '../../src/sim/time.js';
import { DEFAULT_KNOBS } from '../../src/system/config.js';
import type { Connection } from '../../src/sim/connection.js';
import type { Device } from '../../src/system/device.js';
import { EV_PULL, EV_READ, PULL_REASONS } from '../../src/system/events.js';
import { TEXT_MAX_BYTES } from '../../src/system/wireSizes.js';
import { heldBy, inboxOf, runTo, testWorld } from './harness.js';
import { Observer } from './observe.js';

describe('late pull answers', () => {
  it('a device whose every pull times out before its answer arrives still catches up', () => {
    // Device hops take milliseconds; a 1 ms pull timeout fires before any answer can come back.
    const world = testWorld({ users: [['android'], ['android']], knobs: { pullTimeoutUs: ms(1) } });
    const observer = new Observer(world);
    const [sender] = world.devicesOf(0);
    const [receiver] = world.devicesOf(1);
    const sent: number[] = [];
    for (let i = 0; i < 10; i++) world.sim.at(sec(2) + i * ms(500), 'compose', () => sent.push(world.compose(sender!, { toUser: 1 })!));
    runTo(world, sec(30));

    expect(sent).toHaveLength(10);
    expect(heldBy(receiver!)).toEqual(inboxOf(world, 1));
    expect(receiver!.durable.seqCli).toBe(10);
    for (const msg of sent) expect(observer.storeCount(receiver!, msg), `msg ${msg}`).toBe(1);
  });

  it('a link that takes longer than the pull timeout to carry one long entry is asked for each page once or twice, and catches up', () => {
    // 10 kbit/s: an 8 KiB entry takes 6.6 s, more than twice the 3 s pull timeout.
    const deviceLink = { latencyMedianUs: ms(50), latencyP99Us: ms(60), lossRate: 0, duplicateRate: 0, bandwidthKbps: 10 };
    const world = testWorld({ users: [['android'], ['android']], deviceLink });
    expect(DEFAULT_KNOBS.pullTimeoutUs).toBe(sec(3));
    const [sender] = world.devicesOf(0);
    const [receiver] = world.devicesOf(1);
    const readsFrom = new Map<number, number>();
    // Reads that served entries, per cursor: a retry from a cursor reads its page again.
    world.sim.trace.on(EV_READ, (_t, _store, device, afterSeq, _bound, count) => device === receiver!.id && count > 0 && readsFrom.set(afterSeq, (readsFrom.get(afterSeq) ?? 0) + 1));
    for (let i = 0; i < 6; i++) world.sim.at(sec(2) + i * sec(1), 'compose', () => world.compose(sender!, { toUser: 1 }, { textBytes: TEXT_MAX_BYTES }));
    runTo(world, sec(240));

    expect(heldBy(receiver!)).toEqual(inboxOf(world, 1));
    expect(inboxOf(world, 1)).toHaveLength(6);
    expect(Math.max(...readsFrom.values())).toBeLessThanOrEqual(2);
  });

  it('a late answer to an earlier pull does not answer the pull a hint started', () => {
    const world = testWorld({ users: [['android'], ['android']] });
    const observer = new Observer(world);
    const [sender] = world.devicesOf(0);
    const [receiver] = world.devicesOf(1);
    const pulls: { reqId: number; reason: number }[] = [];
    world.sim.trace.on(EV_PULL, (_t, device, seqCli, reqId, reason) => {
      if (device !== receiver!.id) return;
      pulls.push({ reqId: reqId!, reason: reason! });
      if (reason !== PULL_REASONS.indexOf('notify')) return;
      // The connect pull's empty answer once more, as a duplicated datagram brings it, ahead of this pull's own.
      const stale = { type: 'pull-resp', reqId: pulls[0]!.reqId, seqCli: seqCli!, entries: [], bound: seqCli!, more: false, seqSvr: seqCli! } as const;
      world.sim.at(world.sim.nowUs, 'stale answer', () => receiver!.onConnMessage(connectionOf(receiver!), stale));
    });
    let msg = -1;
    world.sim.at(sec(2), 'compose', () => (msg = world.compose(sender!, { toUser: 1 })!));
    runTo(world, sec(3));

    expect(pulls.map((pull) => PULL_REASONS[pull.reason])).toEqual(['connect', 'notify']);
    // Stored within the second, not at the next periodic pull.
    expect(observer.storedAtUs(receiver!, msg)).toBeLessThan(sec(3));
    expect(DEFAULT_KNOBS.periodicPullUs).toBeGreaterThan(sec(3));
  });
});

/** The device's long connection (private to it: the test plays the network's part). */
function connectionOf(device: Device): Connection {
  return (device as unknown as { conn: Connection }).conn;
}
