// timeliness, relay-at-once: a ConnectSvr passes a logged-in device's send or pull on in the instant
// it arrives; only logins queue. A ConnectSvr that charged the login path's service time to every
// message of a reconnect storm held live sessions' pulls behind the logins (2.7 s instead of 49 ms)
// and passed every rule, the storm excusing every deadline.
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectSvr } from '../../src/system/connectSvr.js';
import type { Wire } from '../../src/system/wire.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface ConnectSvrParts {
  serviceTimeUs(message: Wire): number;
  loginServiceUs: number;
}
const connectSvr = ConnectSvr.prototype as unknown as ConnectSvrParts;
const { serviceTimeUs } = connectSvr;

afterEach(() => {
  connectSvr.serviceTimeUs = serviceTimeUs;
});

describe("a live session's requests", () => {
  it('go on at once, and a ConnectSvr that queues them behind the logins fails timeliness', () => {
    const plant = () => {
      // The planted bug: a storm slows the whole access path, not logins alone.
      connectSvr.serviceTimeUs = function (this: ConnectSvrParts, message: Wire) {
        return message.type === 'heartbeat' ? 0 : this.loginServiceUs;
      };
    };
    const detail = /^relay-at-once: connectsvr-\d took (pull-req|send-req of message) \d+ from device-u\d+-\d, logged in on that connection, at [\d,.]+ ms, and had not passed it on by [\d,.]+ ms \(a live session's requests go on at once; only logins queue\)$/;
    for (const failed of plantedVerdicts((seed) => verdictOf('timeliness', 'reconnect-storm', seed), ['1', '4'], plant)) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'relay-at-once', detail: expect.stringMatching(detail) } });
    }
  });
});
