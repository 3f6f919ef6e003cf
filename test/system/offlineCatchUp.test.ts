// Acceptance: a device offline during 100 sends catches up on reconnect through paging (more than
// one page), with none lost or doubled.
import { describe, expect, it } from 'vitest';
import type { Device } from '../../src/system/device.js';
import type { World } from '../../src/system/world.js';
import { ms, sec } from '../../src/sim/time.js';
import { heldBy, inboxOf, runTo, testWorld } from './harness.js';
import { expectAllCaughtUp, expectEachAckedOnce, Observer } from './observe.js';

const SENDS = 100;
/** 25 sends per 10 s anti-spam window: under the burst limit of 30. */
const SEND_GAP_US = ms(400);
const FIRST_SEND_US = sec(2);
const LAST_SEND_US = FIRST_SEND_US + (SENDS - 1) * SEND_GAP_US;

interface Setup {
  world: World;
  observer: Observer;
  offline: Device;
  online: Device;
  sent: number[];
}

/** User 0 sends 100 messages to user 1, whose desktop is away while they are sent. */
function hundredSends(pageSize?: number): Setup {
  const world = testWorld({ users: [['android'], ['android', 'desktop']], knobs: pageSize === undefined ? {} : { pageSize } });
  const observer = new Observer(world);
  const [sender] = world.devicesOf(0);
  const [online, offline] = world.devicesOf(1);
  const sent: number[] = [];
  for (let i = 0; i < SENDS; i++) {
    world.sim.at(FIRST_SEND_US + i * SEND_GAP_US, 'compose', () => sent.push(world.compose(sender!, { toUser: 1 })!));
  }
  return { world, observer, offline: offline!, online: online!, sent };
}

/** The offline device's reads that returned messages: [afterSeq, count] per page. */
function pagesRead(observer: Observer, device: Device): [number, number][] {
  return observer.readsOf(device).filter((r) => r.count > 0).map((r) => [r.afterSeq, r.count]);
}

function expectWholeInbox(setup: Setup): void {
  const { world, observer, offline, sent } = setup;
  expect(sent).toHaveLength(SENDS);
  expect(inboxOf(world, 1)).toEqual(sent.map((msg, i) => [i + 1, msg]));
  expect(heldBy(offline)).toEqual(sent.map((msg, i) => [i + 1, msg]));
  for (const msg of sent) expect(observer.storeCount(offline, msg), `msg ${msg}`).toBe(1);
  expect(offline.durable.seqCli).toBe(SENDS);
  expectEachAckedOnce(world, observer, sent);
  expectAllCaughtUp(world, observer);
}

describe('offline catch-up through paging', () => {
  it('a device cut off by the network catches up in two pages of 50 after the partition heals', () => {
    const setup = hundredSends();
    const { world, observer, offline, online } = setup;
    const connectSvrs = world.connectSvrs.map((s) => s.id);
    let partition = 0;
    world.sim.at(sec(1), 'partition', () => (partition = world.sim.network.partition([offline.id], connectSvrs)));
    const healUs = LAST_SEND_US + sec(5);
    world.sim.at(healUs, 'heal', () => world.sim.network.heal(partition));

    runTo(world, healUs);
    // While cut off it got nothing; its sibling got everything as it was sent.
    expect(heldBy(offline)).toEqual([]);
    expect(offline.durable.seqCli).toBe(0);
    expect(heldBy(online)).toHaveLength(SENDS);

    runTo(world, healUs + sec(60));
    expectWholeInbox(setup);
    // Caught up by paging: exactly two non-empty reads of 50, the second from the first's bound.
    expect(pagesRead(observer, offline)).toEqual([[0, 50], [50, 50]]);
    const catchUp = observer.pullsOf(offline).filter((p) => p.timeUs >= healUs);
    expect(catchUp.slice(0, 2).map((p) => [p.reason, p.seqCli])).toEqual([['connect', 0], ['more', 50]]);
    expect(observer.cursors.filter((c) => c.device === offline.id && c.timeUs >= healUs).map((c) => c.seqCli).slice(0, 2)).toEqual([50, 100]);
  });

  it('a killed app restarted after the sends catches up through four pages of 30', () => {
    const setup = hundredSends(30);
    const { world, observer, offline } = setup;
    world.sim.at(sec(1), 'kill app', () => world.sim.crash(offline.id));
    const restartUs = LAST_SEND_US + sec(3);
    world.sim.at(restartUs, 'start app', () => world.sim.restart(offline.id));

    // Past everyone's periodic pull too (the sender's own Seq_cli moves only on a pull).
    runTo(world, sec(70));
    expectWholeInbox(setup);
    expect(pagesRead(observer, offline)).toEqual([[0, 30], [30, 30], [60, 30], [90, 10]]);
    // The whole catch-up took one pull per page, not a retry loop.
    expect(observer.pullsOf(offline).filter((p) => p.timeUs >= restartUs && p.timeUs < restartUs + sec(10))).toHaveLength(4);
  });

  it('a reinstalled app starts from Seq_cli 0 and pages in the whole history', () => {
    const setup = hundredSends();
    const { world, observer, offline } = setup;
    runTo(world, LAST_SEND_US + sec(5));
    expect(heldBy(offline)).toHaveLength(SENDS);

    const fresh = world.reinstall(offline);
    expect(fresh.durable.seqCli).toBe(0);
    runTo(world, sec(70));
    expect(world.isRetired(offline)).toBe(true);
    expect(heldBy(fresh)).toEqual(inboxOf(world, 1));
    expect(fresh.durable.seqCli).toBe(SENDS);
    for (const msg of setup.sent) expect(observer.storeCount(fresh, msg)).toBe(1);
    expect(pagesRead(observer, fresh)).toEqual([[0, 50], [50, 50]]);
    expectAllCaughtUp(world, observer);
  });
});
