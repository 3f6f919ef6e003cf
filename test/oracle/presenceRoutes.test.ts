// timeliness, presence-route: a ConnectSvr tells the PushSvr of the device's user of its logins,
// logouts and held sessions. One that routed a logout by the device's id told another PushSvr, and
// the user's went on hinting a dead connection until the next refresh: 1 run in 80 broke a rule.
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectSvr } from '../../src/system/connectSvr.js';
import { plantDeviceRoute, plantedVerdicts, verdictOf } from './plants.js';

let unplant = (): void => {};
afterEach(() => unplant());

describe('presence routes', () => {
  it('go to the PushSvr of the device user, and a logout routed by the device fails timeliness', () => {
    const plant = () => (unplant = plantDeviceRoute(ConnectSvr.prototype, 'presence-down', 'pushSvrs'));
    const detail = /^presence-route: connectsvr-\d sent pushsvr-\d a presence-down of the device, whose user's pushes go through pushsvr-\d$/;
    for (const failed of plantedVerdicts((seed) => verdictOf('timeliness', 'directory-churn', seed, true), ['8', '9'], plant)) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'presence-route', detail: expect.stringMatching(detail) } });
    }
  });
});
