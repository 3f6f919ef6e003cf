// A ConnectSvr that restarts tells every PushSvr to forget the devices it held, and then logs devices
// in again. Datagrams between servers overtake each other: the reset may reach a PushSvr after the
// new logins' presence. Found by a fresh swarm seed (connectsvr-crash 400049): the late reset took
// away a device that had just logged in again, and marked its login gone, so no refresh brought it
// back and every hint went by APNs for the rest of the run.
import { describe, expect, it } from 'vitest';
import { sec } from '../../src/sim/time.js';
import { EV_PUSH, PUSH_VIA_CONNECTION, PUSH_VIA_PLATFORM } from '../../src/system/events.js';
import { route } from '../../src/system/topology.js';
import type { ChatMessage, Wire } from '../../src/system/wire.js';
import { runTo, testWorld } from './harness.js';

const STAMP_BASE = 2 ** 32;

/** What the PushSvr of user 1's iPhone chooses for a hint after `presence` arrives in that order. */
function routeAfter(presence: (connectSvr: number, device: number) => Wire[]): number[] {
  const world = testWorld({ users: [['android'], ['ios']] });
  runTo(world, sec(1));
  const iphone = world.devicesOf(1)[0]!;
  const pushSvr = world.pushSvrs.find((p) => p.id === route(world.topology.pushSvrs, 1))!;
  const connectSvr = world.topology.connectSvrs[0]!;
  const via: number[] = [];
  world.sim.trace.on(EV_PUSH, (_t, _actor, _msg, device, how) => {
    if (device === iphone.id) via.push(how!);
  });
  const message: ChatMessage = { msgId: 1, fromUser: 0, fromDevice: world.devicesOf(0)[0]!.id, clientMsgId: 7, toUser: 1, group: -1, spam: false, textBytes: 10 };
  world.sim.at(sec(2), 'presence', () => {
    for (const wire of presence(connectSvr, iphone.id)) pushSvr.onMessage(connectSvr, wire);
    pushSvr.onMessage(world.topology.sendSvrs[0]!, { type: 'push-req', message, targets: [{ user: 1, seq: 1 }] });
  });
  runTo(world, sec(3));
  return via;
}

const up = (connectSvr: number, device: number, connId: number, stamp: number): Wire => ({ type: 'presence-up', device, user: 1, platform: 'ios', connectSvr, connId, stamp });

describe("a restarted ConnectSvr's presence reset", () => {
  it('arriving after the presence of a device that logged in again since, leaves the device online', () => {
    const via = routeAfter((connectSvr, device) => [up(connectSvr, device, 900, 3 * STAMP_BASE + 2), { type: 'presence-reset', connectSvr, stamp: 3 * STAMP_BASE + 1 }]);
    expect(via).toEqual([PUSH_VIA_CONNECTION]);
  });

  it('still takes away a device it held in an earlier life', () => {
    const via = routeAfter((connectSvr, device) => [up(connectSvr, device, 900, 2 * STAMP_BASE + 40), { type: 'presence-reset', connectSvr, stamp: 3 * STAMP_BASE + 1 }]);
    expect(via).toEqual([PUSH_VIA_PLATFORM]);
  });
});
