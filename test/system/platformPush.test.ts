// Acceptance: an iOS device in the background is woken by APNs and catches up; with platform push
// switched off it catches up on its next periodic pull (background fetch).
import { describe, expect, it } from 'vitest';
import { ms, sec } from '../../src/sim/time.js';
import { DEFAULT_KNOBS, type PlatformPushKnobs, type SystemKnobs } from '../../src/system/config.js';
import { PLATFORM_COALESCED, PLATFORM_OFF, SESSION_DOWN, SESSION_WOKEN } from '../../src/system/events.js';
import { heldBy, inboxOf, runTo, testWorld } from './harness.js';
import { expectAllCaughtUp, Observer } from './observe.js';

const BACKGROUND_US = sec(1);

/** User 0 (android) writes to user 1, whose only device is an iPhone sent to the background at 1 s. */
function sleepingIphone(platformPush: Partial<PlatformPushKnobs>, knobs: Partial<SystemKnobs> = {}) {
  const world = testWorld({
    users: [['android'], ['ios']],
    knobs: { ...knobs, platformPush: { ...DEFAULT_KNOBS.platformPush, dropRate: 0, ...platformPush } },
  });
  const observer = new Observer(world);
  const sender = world.devicesOf(0)[0]!;
  const iphone = world.devicesOf(1)[0]!;
  world.sim.at(BACKGROUND_US, 'background', () => iphone.goBackground());
  const send = (atUs: number, sent: number[]) => world.sim.at(atUs, 'compose', () => sent.push(world.compose(sender, { toUser: 1 })!));
  return { world, observer, iphone, send };
}

describe('platform push', () => {
  it('APNs wakes a backgrounded iPhone, which catches up, then goes back to sleep', () => {
    const { world, observer, iphone, send } = sleepingIphone({});
    const sent: number[] = [];
    send(sec(5), sent);
    runTo(world, sec(20));

    const msg = sent[0]!;
    expect(observer.platformSent).toEqual([{ device: iphone.id, msg }]);
    expect(observer.wakes.map((w) => [w.device, w.msg])).toEqual([[iphone.id, msg]]);
    const wokeUs = observer.wakes[0]!.timeUs;
    // Caught up over a woken session soon after the wake, long before any background fetch.
    const sessions = observer.sessions.filter((s) => s.device === iphone.id && s.timeUs > BACKGROUND_US);
    expect(sessions.map((s) => s.kind)).toEqual([SESSION_WOKEN, SESSION_DOWN]);
    expect(observer.storedAtUs(iphone, msg)! - wokeUs).toBeLessThan(ms(500));
    expect(observer.storedAtUs(iphone, msg)! - sec(5)).toBeLessThan(sec(6));
    expect(heldBy(iphone)).toEqual([[1, msg]]);
    expect(iphone.durable.seqCli).toBe(1);
    // It stayed connected for the linger after catching up, then slept again, still in the background.
    expect(sessions[1]!.timeUs - observer.storedAtUs(iphone, msg)!).toBeGreaterThanOrEqual(DEFAULT_KNOBS.wakeLingerUs);
    expect(iphone.background).toBe(true);
    expect(world.sim.network.connectionsOfProcess(iphone.id).filter((c) => c.isOpenAt(iphone.id))).toEqual([]);
  });

  it('with platform push switched off (knob), the iPhone catches up on its next background fetch', () => {
    const fetchUs = sec(30);
    const { world, observer, iphone, send } = sleepingIphone({ enabled: false }, { backgroundFetchUs: fetchUs });
    const sent: number[] = [];
    send(sec(5), sent);
    send(sec(6), sent);

    runTo(world, BACKGROUND_US + fetchUs - 1);
    // The service refused both hints; nothing woke the phone.
    expect(observer.platformLost.map((l) => [l.device, l.msg, l.reason])).toEqual(sent.map((msg) => [iphone.id, msg, PLATFORM_OFF]));
    expect(observer.wakes).toEqual([]);
    expect(heldBy(iphone)).toEqual([]);
    expect(iphone.durable.seqCli).toBe(0);

    runTo(world, BACKGROUND_US + fetchUs + sec(2));
    expect(heldBy(iphone)).toEqual(inboxOf(world, 1));
    expect(heldBy(iphone)).toEqual(sent.map((msg, i) => [i + 1, msg]));
    expect(iphone.durable.seqCli).toBe(2);
    const woken = observer.sessions.filter((s) => s.device === iphone.id && s.kind === SESSION_WOKEN);
    expect(woken.map((s) => s.timeUs >= BACKGROUND_US + fetchUs)).toEqual([true]);
    runTo(world, sec(70));
    expectAllCaughtUp(world, observer);
  });

  it('switched off at run time, the service loses hints until it is back; fetch then push deliver all', () => {
    const fetchUs = sec(40);
    const { world, observer, iphone, send } = sleepingIphone({}, { backgroundFetchUs: fetchUs });
    const apns = world.platformServices.find((s) => s.name === 'apns')!;
    const sent: number[] = [];
    world.sim.at(sec(3), 'apns off', () => (apns.enabled = false));
    send(sec(5), sent);
    world.sim.at(BACKGROUND_US + fetchUs + sec(10), 'apns on', () => (apns.enabled = true));
    send(BACKGROUND_US + fetchUs + sec(15), sent);
    runTo(world, BACKGROUND_US + fetchUs + sec(25));

    expect(observer.platformLost.map((l) => [l.msg, l.reason])).toEqual([[sent[0], PLATFORM_OFF]]);
    // The first message came with the background fetch, the second with its own APNs wake.
    expect(observer.storedAtUs(iphone, sent[0]!)).toBeGreaterThanOrEqual(BACKGROUND_US + fetchUs);
    expect(observer.storedAtUs(iphone, sent[0]!)).toBeLessThan(BACKGROUND_US + fetchUs + sec(2));
    expect(observer.wakes.map((w) => w.msg)).toEqual([sent[1]]);
    expect(observer.storedAtUs(iphone, sent[1]!)! - (BACKGROUND_US + fetchUs + sec(15))).toBeLessThan(sec(6));
    expect(heldBy(iphone)).toEqual(sent.map((msg, i) => [i + 1, msg]));
    expect(iphone.durable.seqCli).toBe(2);
  });

  it('hints coalesced while the phone is away still end with every message, each stored once', () => {
    const { world, observer, iphone, send } = sleepingIphone({ delayMedianUs: sec(1), delayP99Us: sec(2) });
    const sent: number[] = [];
    for (let i = 0; i < 5; i++) send(sec(5) + i * ms(100), sent);
    runTo(world, sec(20));

    // APNs held one hint per device and replaced it with each newer one.
    const coalesced = observer.platformLost.filter((l) => l.reason === PLATFORM_COALESCED).map((l) => l.msg);
    expect(coalesced.length).toBeGreaterThan(0);
    expect(observer.wakes.length + coalesced.length).toBe(5);
    expect(observer.wakes.length).toBeLessThan(5);
    expect(heldBy(iphone)).toEqual(sent.map((msg, i) => [i + 1, msg]));
    for (const msg of sent) expect(observer.storeCount(iphone, msg)).toBe(1);
    expect(iphone.durable.seqCli).toBe(5);
  });

  it('an Android phone in the background has no platform push and waits for its background fetch', () => {
    const world = testWorld({ users: [['desktop'], ['android']], knobs: { backgroundFetchUs: sec(30) } });
    const observer = new Observer(world);
    const phone = world.devicesOf(1)[0]!;
    world.sim.at(BACKGROUND_US, 'background', () => phone.goBackground());
    let msg = -1;
    world.sim.at(sec(5), 'compose', () => (msg = world.compose(world.devicesOf(0)[0]!, { toUser: 1 })!));
    runTo(world, BACKGROUND_US + sec(30) - 1);
    expect(observer.platformSent).toEqual([]);
    expect(heldBy(phone)).toEqual([]);
    runTo(world, BACKGROUND_US + sec(32));
    expect(heldBy(phone)).toEqual([[1, msg]]);
    expect(phone.durable.seqCli).toBe(1);
  });

  it('going to the foreground catches up at once, without waiting for any push', () => {
    const { world, observer, iphone, send } = sleepingIphone({ enabled: false });
    const sent: number[] = [];
    send(sec(5), sent);
    world.sim.at(sec(8), 'foreground', () => iphone.goForeground());
    runTo(world, sec(10));
    expect(observer.storedAtUs(iphone, sent[0]!)! - sec(8)).toBeLessThan(ms(500));
    expect(heldBy(iphone)).toEqual([[1, sent[0]]]);
    expect(iphone.durable.seqCli).toBe(1);
    expect(iphone.background).toBe(false);
  });
});
