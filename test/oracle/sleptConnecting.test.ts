// timeliness, slept-connecting: a woken app sleeps again only from a session. One whose linger
// timer put it to sleep with its login still under way (a slow link) wasted its wake, and broke no
// rule: its messages waited for the next background fetch, within the woken deadline.
import { afterEach, describe, expect, it } from 'vitest';
import { Device } from '../../src/system/device.js';
import { EV_SLEEP } from '../../src/system/events.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface DeviceParts {
  sleepIfDone(): void;
  linger(): void;
  disconnect(reconnect: boolean): void;
  emit(kind: typeof EV_SLEEP): void;
  background: boolean;
  waking: boolean;
  pullReqId: number;
  durable: { outbox: { size: number } };
}
const device = Device.prototype as unknown as DeviceParts;
const { sleepIfDone } = device;

afterEach(() => {
  device.sleepIfDone = sleepIfDone;
});

describe('a woken app going back to sleep', () => {
  it('does so from a session, and an app that sleeps while its login is under way fails timeliness', () => {
    const plant = () => {
      // The planted bug: the check of a login under way is gone.
      device.sleepIfDone = function (this: DeviceParts) {
        if (!this.background || !this.waking) return;
        if (this.pullReqId !== 0 || this.durable.outbox.size > 0) return this.linger();
        this.waking = false;
        this.emit(EV_SLEEP);
        this.disconnect(false);
      };
    };
    const detail = /^slept-connecting: a woken app went back to sleep with no session, its login still under way \(it stays awake until it has one, and is done\)$/;
    for (const failed of plantedVerdicts((seed) => verdictOf('timeliness', 'dead-phones', seed, true), ['2'], plant)) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'slept-connecting', detail: expect.stringMatching(detail) } });
    }
  });
});
