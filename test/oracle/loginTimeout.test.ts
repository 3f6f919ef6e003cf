// timeliness, login-timeout: an app gives up a login unanswered connectTimeoutMs after it dialed.
// One that took the TCP connection opening for the connect timeout being met left every login lost
// after that to the heartbeat timeout (25 s instead of 10), and broke no rule in 6 of the 7 runs
// it changed.
import { afterEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/sim/connection.js';
import type { TimerHandle } from '../../src/sim/simulation.js';
import { Device } from '../../src/system/device.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface DeviceParts {
  onConnOpen(conn: Connection): void;
  cancelTimer(timer: TimerHandle | undefined): void;
  connectTimer: TimerHandle | undefined;
}
const device = Device.prototype as unknown as DeviceParts;
const { onConnOpen } = device;

afterEach(() => {
  device.onConnOpen = onConnOpen;
});

describe('a login', () => {
  it('is given up when unanswered after the connect timeout, and an app that stops its timer at the TCP open fails timeliness', () => {
    const plant = () => {
      // The planted bug: the connection is up, so the connect timeout counts as met.
      device.onConnOpen = function (this: DeviceParts, conn: Connection) {
        onConnOpen.call(this, conn);
        this.cancelTimer(this.connectTimer);
      };
    };
    const detail = /^login-timeout: device-u\d+-\d (logged in|gave up its unanswered login) [\d,]+ ms after it dialed \(an unanswered login is given up after [\d,]+ ms\)$/;
    for (const failed of plantedVerdicts((seed) => verdictOf('timeliness', 'gprs-backlog', seed, true), ['2', '8'], plant)) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'login-timeout', detail: expect.stringMatching(detail) } });
    }
  });
});
