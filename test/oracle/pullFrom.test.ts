// client-cursor: a pull asks from no Seq_cli above the one the device last wrote. An app that
// raised its cursor at start to the highest seq it stored (its own message, stored from the ack)
// skipped what it had not pulled below it: it changed 18 of 40 plain runs of phone-restore,
// multi-device, mutant-hunt and reinstall (seeds 1-10), and none broke a rule.
import { afterEach, describe, expect, it } from 'vitest';
import { Device } from '../../src/system/device.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface DeviceParts {
  start(restarted: boolean): void;
  durable: { seqCli: number; store: { maxSeq: number } };
}
const device = Device.prototype as unknown as DeviceParts;
const { start } = device;

afterEach(() => {
  device.start = start;
});

describe('the cursor a pull asks from', () => {
  it('is the one the device wrote, and an app that takes its store for its cursor fails client-cursor', () => {
    const plant = () => {
      device.start = function (this: DeviceParts, restarted: boolean) {
        // The planted bug: "the cursor write may have been lost: the store is the truth".
        this.durable.seqCli = Math.max(this.durable.seqCli, this.durable.store.maxSeq);
        start.call(this, restarted);
      };
    };
    const detail = /^a pull asked from Seq_cli \d+, above the \d+ the device last wrote$/;
    const seeds = ['1', '2', '3', '4', '5', '6'];
    const verdicts = plantedVerdicts((seed) => verdictOf('client-cursor', 'phone-restore', seed), seeds, plant);
    const failed = verdicts.filter((verdict) => !verdict.ok);
    expect(failed.length).toBeGreaterThanOrEqual(2);
    for (const verdict of failed) expect(verdict.first).toMatchObject({ detail: expect.stringMatching(detail) });
  });
});
