// timeliness, picture: a ConnectSvr's picture of its sessions (its sweep's refresh, its answer to a
// restarted PushSvr's resync) lists exactly the logins its presence words said it holds. One that
// answered a resync with another PushSvr's list left the restarted PushSvr blind until its next
// sweep, 17 times the platform pushes, and broke no rule in 2 of 40 swarm runs.
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectSvr } from '../../src/system/connectSvr.js';
import type { DevicePresence } from '../../src/system/wire.js';
import { plantedVerdicts, verdictOf } from './plants.js';

const connectSvr = ConnectSvr.prototype as unknown as { sendPicture(pushSvr: number, devices: DevicePresence[]): void };
const { sendPicture } = connectSvr;

afterEach(() => {
  connectSvr.sendPicture = sendPicture;
});

describe("a ConnectSvr's pictures of its sessions", () => {
  it('list every login it holds, and a ConnectSvr whose pictures leave the last one out fails timeliness', () => {
    const plant = () => {
      connectSvr.sendPicture = function (this: ConnectSvr, pushSvr: number, devices: DevicePresence[]) {
        // The planted bug: an off-by-one in the list's end.
        sendPicture.call(this, pushSvr, devices.slice(0, -1));
      };
    };
    const detail = /^picture: connectsvr-\d sent pushsvr-\d a picture of its sessions that left out device-u\d+-\d, whose login it held \(a picture lists every login it holds of that PushSvr's users, as its presence-up and presence-down said\)$/;
    for (const failed of plantedVerdicts((seed) => verdictOf('timeliness', 'baseline', seed), ['1', '2'], plant)) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'picture', detail: expect.stringMatching(detail) } });
    }
  });
});
