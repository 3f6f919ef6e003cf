// timeliness's background fetch promise: an app in the background fetches every backgroundFetch
// from when it went there. An app that armed its fetch timer again as each woken session ended let
// every platform push put the next fetch off, and broke no other rule.
import { afterEach, describe, expect, it } from 'vitest';
import type { TimerHandle } from '../../src/sim/simulation.js';
import type { SystemKnobs } from '../../src/system/config.js';
import { Device } from '../../src/system/device.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface DeviceParts {
  sleepIfDone(): void;
  setTimer(delayUs: number, tag: number): TimerHandle;
  cancelTimer(timer: TimerHandle | undefined): void;
  fetchTimer: TimerHandle | undefined;
  waking: boolean;
  background: boolean;
  knobs: SystemKnobs;
}
const device = Device.prototype as unknown as DeviceParts;
const { sleepIfDone } = device;
afterEach(() => {
  device.sleepIfDone = sleepIfDone;
});

describe('background fetches', () => {
  it('come every backgroundFetch from the move to the background, and an app that restarts the timer after a wake fails timeliness', () => {
    const plant = () => {
      device.sleepIfDone = function (this: DeviceParts) {
        const wasAwake = this.waking;
        sleepIfDone.call(this);
        if (!wasAwake || this.waking || !this.background) return;
        // Just caught up: the next fetch a whole interval from now (tag 7: the fetch timer).
        this.cancelTimer(this.fetchTimer);
        this.fetchTimer = this.setTimer(this.knobs.backgroundFetchUs, 7);
      };
    };
    const verdicts = plantedVerdicts((seed) => verdictOf('timeliness', 'platform-push-off', seed), ['5', '10'], plant);
    for (const verdict of verdicts) {
      expect(verdict).toMatchObject({ ok: false, first: { kind: 'fetches', detail: expect.stringMatching(/^fetches: no background fetch by [\d,]+ ms, due at [\d,]+ ms \(an app in the background fetches every 40,000 ms from when it went there; no fault touched the device\)$/) } });
    }
  });
});
