// timeliness, app-writes: an app writes its disk only for a compose, a pull answer (entries, then
// cursor) and a send answer. An app that wrote each send attempt's number to disk made 16% more
// writes, delayed every later write behind them, and broke no other rule.
import { afterEach, describe, expect, it } from 'vitest';
import { Device } from '../../src/system/device.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface DeviceParts {
  trySend(clientMsgId: number): void;
  persist(mutate: (disk: unknown) => void, tag: number): void;
}
const device = Device.prototype as unknown as DeviceParts;
const { trySend } = device;
/** The plant's own disk tag, which the device's handler passes over. */
const ATTEMPT_TAG = 99;

afterEach(() => {
  device.trySend = trySend;
});

describe("an app's disk writes", () => {
  it('are its protocol only, and an app that records each send attempt fails timeliness', () => {
    const plant = () => {
      device.trySend = function (this: DeviceParts, clientMsgId: number) {
        trySend.call(this, clientMsgId);
        // The planted bug: the attempt is recorded, "so that a restarted app can report how hard it tried".
        this.persist(() => undefined, ATTEMPT_TAG);
      };
    };
    const detail = /^app-writes: device-u\d+-\d made its disk write \d+, with \d+ messages composed, \d+ pull answers and \d+ send answers heard \(an app writes only for those: one write a compose, two a pull answer, one a send answer\)$/;
    for (const failed of plantedVerdicts((seed) => verdictOf('timeliness', 'lossy-wifi', seed), ['1', '2'], plant)) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'app-writes', detail: expect.stringMatching(detail) } });
    }
  });
});
