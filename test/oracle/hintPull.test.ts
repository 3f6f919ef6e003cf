// timeliness, hint-pull: a hint that finds the app between pulls starts a pull at once. An app that
// ignored a hint for a message id below the newest it had been hinted (ids follow compose order, not
// commit order) left hinted messages on the server up to 22 s longer, and on a lossy link the
// faults excused every deadline.
import { afterEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/sim/connection.js';
import type { TraceKind } from '../../src/sim/traceKinds.js';
import { Device } from '../../src/system/device.js';
import { EV_NOTIFY } from '../../src/system/events.js';
import type { Wire } from '../../src/system/wire.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface DeviceParts {
  onConnMessage(conn: Connection, message: Wire): void;
  emit(kind: TraceKind, a?: number): void;
  newestHinted?: number;
}
const device = Device.prototype as unknown as DeviceParts;
const { onConnMessage } = device;

afterEach(() => {
  device.onConnMessage = onConnMessage;
});

describe('a hint between pulls', () => {
  it('starts a pull at once, and an app that ignores hints older than the newest it had fails timeliness', () => {
    const plant = () => {
      // The planted bug: an older hint's message was pulled already, surely.
      device.onConnMessage = function (this: DeviceParts, conn: Connection, message: Wire) {
        if (message.type !== 'notify') return onConnMessage.call(this, conn, message);
        if (message.msgId <= (this.newestHinted ?? 0)) return this.emit(EV_NOTIFY, message.msgId);
        this.newestHinted = message.msgId;
        onConnMessage.call(this, conn, message);
      };
    };
    const detail = /^hint-pull: device-u\d+-\d took the hint of message \d+ at [\d,.]+ ms between pulls, and had pulled nothing by [\d,.]+ ms \(a hint starts a pull at once\)$/;
    for (const failed of plantedVerdicts((seed) => verdictOf('timeliness', 'lossy-wifi', seed), ['1', '2'], plant)) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'hint-pull', detail: expect.stringMatching(detail) } });
    }
  });
});
