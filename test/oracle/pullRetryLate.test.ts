// timeliness, pull-retry-late: an unanswered pull is tried again one pull timeout of its link after
// the try before, to the microsecond. An app that backed its pull retries off (3, 6, 12 s) left a
// pull whose answer was lost waiting 21 s instead of 10 in a failover, and broke no rule.
import { afterEach, describe, expect, it } from 'vitest';
import type { TimerHandle } from '../../src/sim/simulation.js';
import { Device } from '../../src/system/device.js';
import type { PullReason } from '../../src/system/events.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface DeviceParts {
  pull(reason: PullReason): void;
  armTimeout(delayUs: number, tag: number, data: unknown): TimerHandle;
}
const device = Device.prototype as unknown as DeviceParts;
const { pull } = device;

afterEach(() => {
  device.pull = pull;
});

describe('a pull retry', () => {
  it('comes one pull timeout after the try before, and an app that backs its retries off fails timeliness', () => {
    const plant = () => {
      // The planted bug: a retry backs off, as a send's does (twice the timeout).
      device.pull = function (this: DeviceParts, reason: PullReason) {
        if (reason !== 'retry') return pull.call(this, reason);
        const { armTimeout } = this;
        this.armTimeout = (delayUs, tag, data) => armTimeout.call(this, 2 * delayUs, tag, data);
        try {
          pull.call(this, reason);
        } finally {
          delete (this as Partial<DeviceParts>).armTimeout;
        }
      };
    };
    const detail = /^pull-retry-late: the app tried its pull again [\d,]+ ms after the try before \(its pull timeout on its link, [\d,]+ ms, repeats a try\)$/;
    for (const failed of plantedVerdicts((seed) => verdictOf('timeliness', 'storage-failover', seed, true), ['1', '3'], plant)) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'pull-retry-late', detail: expect.stringMatching(detail) } });
    }
  });
});
