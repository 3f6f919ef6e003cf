// push-route, register-once: a PushSvr writes a device's push registration once, when it finds the
// device unregistered. A PushSvr that upserted it on every login and presence refresh made a synced
// disk write per device per ConnectSvr sweep (+14% to +41% server disk writes) and broke no rule.
import { afterEach, describe, expect, it } from 'vitest';
import { PushSvr } from '../../src/system/pushSvr.js';
import type { DevicePresence } from '../../src/system/wire.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface PushSvrParts {
  online(message: DevicePresence, stamp: number): void;
  durable: { devices: { get(user: number): unknown } };
}
const pushSvr = PushSvr.prototype as unknown as PushSvrParts;
const { online } = pushSvr;

afterEach(() => {
  pushSvr.online = online;
});

describe("a device's push registration", () => {
  it('is written once, and a PushSvr that writes it on every presence word fails push-route', () => {
    const plant = () => {
      pushSvr.online = function (this: PushSvrParts, message: DevicePresence, stamp: number) {
        // The planted bug: every login is taken for a new one, so its registration is written again.
        const devices = this.durable.devices;
        devices.get = () => undefined;
        try {
          online.call(this, message, stamp);
        } finally {
          delete (devices as Partial<typeof devices>).get;
        }
      };
    };
    const detail = /^register-once: pushsvr-\d began writing the push registration of device-u\d+-\d again, though its disk had held it for [\d,.]+ ms \(a login or refresh of a registered device writes nothing\)$/;
    for (const failed of plantedVerdicts((seed) => verdictOf('push-route', 'multi-device', seed), ['1', '2'], plant)) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'register-once', detail: expect.stringMatching(detail) } });
    }
  });
});
