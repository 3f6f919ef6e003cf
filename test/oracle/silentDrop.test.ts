// timeliness, silent-drop: an app gives up a connection it has heard nothing on for its heartbeat
// timeout at the next beat after that. One that measured the silence against the server's idle
// timeout sat on half-open connections 15 s longer and broke no rule, the fault excusing every
// deadline.
import { afterEach, describe, expect, it } from 'vitest';
import type { SystemKnobs } from '../../src/system/config.js';
import { Device } from '../../src/system/device.js';
import { plantedVerdicts, plantKnobs, verdictOf } from './plants.js';

interface DeviceParts {
  heartbeat(): void;
  knobs: SystemKnobs;
}
const device = Device.prototype as unknown as DeviceParts;
let restore = () => {};

afterEach(() => restore());

describe('a silent connection', () => {
  it('is given up at the first beat past the heartbeat timeout, and an app that waits out the server idle timeout fails timeliness', () => {
    // The planted bug: the silence is measured against the server's idle timeout.
    const plant = () => {
      restore = plantKnobs(device, 'heartbeat', (knobs) => ({ ...knobs, deviceHeartbeatTimeoutUs: knobs.serverIdleTimeoutUs }));
    };
    const detail = /^silent-drop: device-u\d+-\d (closed|heard again on) connection \d+ [\d,.]+ ms after it last heard a word on it \(it gives a connection up at the first heartbeat past its [\d,]+ ms timeout: within [\d,]+ ms\)$/;
    for (const failed of plantedVerdicts((seed) => verdictOf('timeliness', 'lossy-wifi', seed), ['1', '2'], plant)) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'silent-drop', detail: expect.stringMatching(detail) } });
    }
  });
});
