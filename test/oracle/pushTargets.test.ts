// push-route and the platform service's contract, on what they push to whom. PushSvr pushes nothing
// to the device that sent a message (it holds it from its ack); a PushSvr without that skip made
// every sending phone pull once per message it sent. The platform push service sends what it took
// within its delivery delay, coalescing a new notification only into one still waiting; a service
// that never cleared what it had sent gave each phone one platform push in its life. Nor does PushSvr
// push to a device whose app was uninstalled (one that kept such registrations sent each reinstalled
// user's dead app a push per message). And a running ConnectSvr refreshes PushSvr's presence every
// heartbeat interval (one that armed its sweep only on its first start never did after a restart).
// All four passed every rule before.
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectSvr } from '../../src/system/connectSvr.js';
import { PlatformPushService } from '../../src/system/platformPush.js';
import { PushSvr } from '../../src/system/pushSvr.js';
import type { PlatformNotify, PushReq } from '../../src/system/wire.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface PushParts {
  push(req: PushReq): void;
  unregister(user: number, device: number): void;
}
interface ServiceParts {
  onTimer(tag: number, data: unknown): void;
  pending: Map<number, number>;
}
interface ConnectSvrParts {
  start(restarted: boolean): void;
  setTimer(delayUs: number, tag: number, data?: unknown): unknown;
}
const connectProto = ConnectSvr.prototype as unknown as ConnectSvrParts;
const pushProto = PushSvr.prototype as unknown as PushParts;
const serviceProto = PlatformPushService.prototype as unknown as ServiceParts;
const original = { push: pushProto.push, unregister: pushProto.unregister, onTimer: serviceProto.onTimer, start: connectProto.start };

afterEach(() => {
  pushProto.push = original.push;
  pushProto.unregister = original.unregister;
  connectProto.start = original.start;
  serviceProto.onTimer = original.onTimer;
});

describe('what is pushed to whom', () => {
  it("pushes nothing to a message's sending device, and a PushSvr without the sender's skip fails push-route", () => {
    const plant = () => {
      pushProto.push = function (this: PushSvr, req: PushReq) {
        original.push.call(this, { ...req, message: { ...req.message, fromDevice: -1 } });
      };
    };
    for (const failed of plantedVerdicts((seed) => verdictOf('push-route', 'ios-background', seed), ['4', '5', '6'], plant)) expect(failed).toMatchObject({ ok: false, first: { kind: 'push-to-sender', detail: expect.stringMatching(/^PushSvr pushed message \d+ to the device that sent it, which holds it from its ack$/) } });
  });

  it('coalesces a platform push only into one still waiting, and a service that never clears what it sent fails timeliness', () => {
    const plant = () => {
      serviceProto.onTimer = function (this: ServiceParts, tag: number, data: unknown) {
        original.onTimer.call(this, tag, data);
        const { device, msgId } = data as PlatformNotify;
        this.pending.set(device, msgId);
      };
    };
    for (const failed of plantedVerdicts((seed) => verdictOf('timeliness', 'multi-device', seed), ['8', '9', '10'], plant)) expect(failed).toMatchObject({ ok: false, first: { kind: 'platform-sent', detail: expect.stringMatching(/^platform-sent: the (ios|android) push service coalesced a notification for the device into message \d+'s, which was not waiting \(it had gone out\)$/) } });
  });

  it('pushes nothing to an uninstalled app, and a PushSvr that keeps its registration fails push-route', () => {
    const plant = () => (pushProto.unregister = () => {});
    for (const failed of plantedVerdicts((seed) => verdictOf('push-route', 'reinstall', seed), ['1', '2', '3'], plant)) expect(failed).toMatchObject({ ok: false, first: { kind: 'push-to-uninstalled', detail: expect.stringMatching(/^PushSvr pushed message \d+ to a device whose app was uninstalled \(its platform token is void\)$/) } });
  });

  it('refreshes presence every sweep, and a ConnectSvr that arms its sweep only on its first start fails timeliness', () => {
    const plant = () => {
      connectProto.start = function (this: ConnectSvrParts, restarted: boolean) {
        if (restarted) this.setTimer = () => undefined;
        try {
          original.start.call(this, restarted);
        } finally {
          delete (this as Partial<ConnectSvrParts>).setTimer;
        }
      };
    };
    for (const failed of plantedVerdicts((seed) => verdictOf('timeliness', 'dead-phones', seed), ['8', '9', '10'], plant)) expect(failed).toMatchObject({ ok: false, first: { kind: 'refresh', detail: expect.stringMatching(/^refresh: connectsvr-\d sent PushSvr no presence refresh for [\d,]+ ms while up \(its idle sweep runs every 10,000 ms\)$/) } });
  });
});
