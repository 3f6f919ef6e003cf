// timeliness, heartbeat-early: on one connection, heartbeats arrive at least an interval less a
// device hop apart. An app that armed each beat without keeping its timer's handle kept every
// earlier connection's beat chain running on the new one; where faults broke connections often no
// window of six intervals went untouched, and it passed every rule in 40 plain runs of
// elevator-flaps, lossy-wifi, connectsvr-crash and reconnect-storm (seeds 1-10). The send-side rule
// (heartbeatsSent.ts) sees this plant first; it is left out here, so these rules are judged alone.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Device } from '../../src/system/device.js';
import { plantedVerdicts, verdictOf, withoutSentHeartbeats } from './plants.js';

interface DeviceParts {
  heartbeat(): void;
  heartbeatTimer: unknown;
}
const device = Device.prototype as unknown as DeviceParts;
const { heartbeat } = device;

let restoreSent: () => void = () => undefined;
beforeEach(() => {
  restoreSent = withoutSentHeartbeats();
});
afterEach(() => {
  device.heartbeat = heartbeat;
  restoreSent();
});

describe('heartbeats on one connection', () => {
  it('come an interval apart, and an app whose beat chains outlive their connection fails timeliness', () => {
    const plant = () => {
      device.heartbeat = function (this: DeviceParts) {
        // The planted bug: the next beat is armed, but its handle is not kept, so a disconnect cancels a stale one.
        const kept = this.heartbeatTimer;
        heartbeat.call(this);
        this.heartbeatTimer = kept;
      };
    };
    const detail = /^heartbeat-early: a heartbeat from the device reached connectsvr-\d [\d,.]+ ms after the one before on its connection \(or its opening\), with no fault on the device or its ConnectSvr/;
    for (const scenario of ['connectsvr-crash', 'reconnect-storm']) {
      for (const failed of plantedVerdicts((seed) => verdictOf('timeliness', scenario, seed), ['1', '2'], plant)) {
        expect(failed).toMatchObject({ ok: false, first: { kind: 'heartbeat-early', detail: expect.stringMatching(detail) } });
      }
      device.heartbeat = heartbeat;
    }
  });
});
