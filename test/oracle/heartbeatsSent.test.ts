// timeliness, heartbeat-sent: on one connection an app sends its heartbeats exactly an interval
// apart, judged as it sends them, on any link. On lossy-wifi the rules on arrivals allow for what the
// link holds back and releases, and they passed an app that armed a second heartbeat timer at every
// login and one that beat at its 25 s timeout instead of its 10 s interval.
import { afterEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/sim/connection.js';
import type { SystemKnobs } from '../../src/system/config.js';
import { Device } from '../../src/system/device.js';
import { plantKnobs, plantedVerdicts, verdictOf } from './plants.js';

/** Device's heartbeat timer tag (device.ts). */
const TIMER_HEARTBEAT = 1;
interface DeviceParts {
  knobs: SystemKnobs;
  connected(conn: Connection): void;
  heartbeat(): void;
  setTimer(delayUs: number, tag: number): unknown;
}
const device = Device.prototype as unknown as DeviceParts;
const { connected } = device;
let restore: () => void = () => undefined;
const detail = /^heartbeat-sent: device-u\d+-\d sent a heartbeat to connectsvr-\d [\d,]+ ms after its last on the same connection \(one every 10,000 ms, heartbeatIntervalMs\)$/;
const timeliness = (seed: string) => verdictOf('timeliness', 'lossy-wifi', seed);

afterEach(() => {
  device.connected = connected;
  restore();
  restore = () => undefined;
});

describe('heartbeats as the app sends them', () => {
  it('go an interval apart from the correct app, and one that arms a second timer at each login fails timeliness on a lossy link', () => {
    const plant = () => {
      device.connected = function (this: DeviceParts, conn: Connection) {
        connected.call(this, conn);
        // The planted bug: "restart the heartbeat at login", its handle dropped and the first timer left running.
        this.setTimer(this.knobs.heartbeatIntervalUs, TIMER_HEARTBEAT);
      };
    };
    for (const failed of plantedVerdicts(timeliness, ['1', '2'], plant)) expect(failed).toMatchObject({ ok: false, first: { kind: 'heartbeat-sent', detail: expect.stringMatching(detail) } });
  });

  it('and an app that beats at its heartbeat timeout fails timeliness on a lossy link', () => {
    const plant = () => {
      restore = plantKnobs(device, 'heartbeat', (knobs) => ({ ...knobs, heartbeatIntervalUs: knobs.deviceHeartbeatTimeoutUs }));
    };
    for (const failed of plantedVerdicts(timeliness, ['1', '2'], plant)) expect(failed).toMatchObject({ ok: false, first: { kind: 'heartbeat-sent', detail: expect.stringMatching(detail) } });
  });
});
