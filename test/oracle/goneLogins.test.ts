// push-route, gone-login: a PushSvr hints no device through a login it was told ended. A PushSvr
// that kept no record of ended logins let a refresh sent before a logout bring the dead login back
// and hinted a gone phone until the next refresh: it changed 4 of 40 plain runs of switch-flap,
// dead-phones, lossy-wifi and ios-background (seeds 1-10), and none broke a rule. hint-route: a
// hint goes to the ConnectSvr of the login PushSvr holds; one that went to the device's home
// ConnectSvr (its route by id) starved a device logged in elsewhere, and where a fault's tail
// covered those hints no rule saw it.
import { afterEach, describe, expect, it } from 'vitest';
import { PushSvr } from '../../src/system/pushSvr.js';
import { plantDeviceRoute, plantedVerdicts, verdictOf } from './plants.js';

interface IdMapParts {
  get(id: number): number | undefined;
  set(id: number, value: number): void;
  delete(id: number): boolean;
}
interface PushSvrParts {
  offline(device: number, connId: number): void;
  gone: IdMapParts;
}
const pushSvr = PushSvr.prototype as unknown as PushSvrParts;
const { offline } = pushSvr;

afterEach(() => {
  pushSvr.offline = offline;
});

describe('a login PushSvr was told ended', () => {
  it('is never hinted through, and a PushSvr that keeps no record of ended logins fails push-route', () => {
    const plant = () => {
      pushSvr.offline = function (this: PushSvrParts, device: number, connId: number) {
        // The planted bug: the login is dropped, but that it ended is not remembered.
        const before = this.gone.get(device);
        offline.call(this, device, connId);
        if (before === undefined) this.gone.delete(device);
        else this.gone.set(device, before);
      };
    };
    const detail = /^gone-login: pushsvr-\d hinted message \d+ through a connection of the device, though every login of it it was told of had ended \(the newest, \d+\) or was older than one that had$/;
    for (const failed of plantedVerdicts((seed) => verdictOf('push-route', 'lossy-wifi', seed), ['2', '5'], plant)) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'gone-login', detail: expect.stringMatching(detail) } });
    }
  });
});

describe('a hint', () => {
  let unplant = (): void => {};
  afterEach(() => unplant());

  it("goes to the ConnectSvr of the device's login, and a PushSvr that sends it to the device's home ConnectSvr fails push-route", () => {
    const plant = () => (unplant = plantDeviceRoute(PushSvr.prototype, 'notify-device', 'connectSvrs'));
    const detail = /^hint-route: pushsvr-\d sent the hint of message \d+ for device-u\d+-\d to connectsvr-\d, which holds none of the logins of it it was told of \(a hint goes to the ConnectSvr of the login the PushSvr holds\)$/;
    for (const failed of plantedVerdicts((seed) => verdictOf('push-route', 'multi-device', seed), ['1', '2', '3'], plant)) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'hint-route', detail: expect.stringMatching(detail) } });
    }
  });
});
