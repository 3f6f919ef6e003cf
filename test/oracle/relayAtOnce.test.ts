// timeliness, relay-at-once: a ConnectSvr passes a logged-in device's send or pull on in the instant
// it arrives, only logins queuing, and a ReceiveSvr asks for a read for every pull it takes. A
// ConnectSvr that charged the login path's service time to every message of a reconnect storm held
// live sessions' pulls behind the logins (2.7 s instead of 49 ms) and passed every rule, the storm
// excusing every deadline; a ReceiveSvr that took no pull of a device while a read for it was under
// way left a fresh pull waiting a pull timeout, and passed every rule too.
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectSvr } from '../../src/system/connectSvr.js';
import { ReceiveSvr } from '../../src/system/receiveSvr.js';
import type { PullRpc, ReadResp, ReadReq, Wire } from '../../src/system/wire.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface ConnectSvrParts {
  serviceTimeUs(message: Wire): number;
  loginServiceUs: number;
}
const connectSvr = ConnectSvr.prototype as unknown as ConnectSvrParts;
const { serviceTimeUs } = connectSvr;

interface ReceiveSvrParts {
  pull(connectSvr: number, rpc: PullRpc): void;
  rpcReplied(read: ReadResp, readReq: ReadReq, ...rest: unknown[]): void;
  reading?: Set<number>;
}
const receiveSvr = ReceiveSvr.prototype as unknown as ReceiveSvrParts;
const { pull, rpcReplied } = receiveSvr;

afterEach(() => {
  connectSvr.serviceTimeUs = serviceTimeUs;
  receiveSvr.pull = pull;
  receiveSvr.rpcReplied = rpcReplied;
});

describe("a live session's requests", () => {
  it('go on at once, and a ConnectSvr that queues them behind the logins fails timeliness', () => {
    const plant = () => {
      // The planted bug: a storm slows the whole access path, not logins alone.
      connectSvr.serviceTimeUs = function (this: ConnectSvrParts, message: Wire) {
        return message.type === 'heartbeat' ? 0 : this.loginServiceUs;
      };
    };
    const detail = /^relay-at-once: connectsvr-\d took (pull-req|send-req of message) \d+ from device-u\d+-\d, logged in on that connection, at [\d,.]+ ms, and had not passed it on by [\d,.]+ ms \(a request goes on at once; only logins queue\)$/;
    for (const failed of plantedVerdicts((seed) => verdictOf('timeliness', 'reconnect-storm', seed), ['1', '4'], plant)) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'relay-at-once', detail: expect.stringMatching(detail) } });
    }
  });

  it('go to MsgStore as reads at once, and a ReceiveSvr that holds one read per device fails timeliness', () => {
    const plant = () => {
      // The planted bug: one read per device at a time; the read under way answers a later pull too.
      receiveSvr.pull = function (this: ReceiveSvrParts, from: number, rpc: PullRpc) {
        const reading = (this.reading ??= new Set());
        if (reading.has(rpc.device)) return;
        reading.add(rpc.device);
        pull.call(this, from, rpc);
      };
      receiveSvr.rpcReplied = function (this: ReceiveSvrParts, read: ReadResp, readReq: ReadReq, ...rest: unknown[]) {
        this.reading?.delete(readReq.device);
        rpcReplied.call(this, read, readReq, ...rest);
      };
    };
    const detail = /^relay-at-once: receivesvr-\d took pull-rpc for device-u\d+-\d at [\d,.]+ ms, and had not asked for its read by [\d,.]+ ms \(a request goes on at once; only logins queue\)$/;
    for (const failed of plantedVerdicts((seed) => verdictOf('timeliness', 'connectsvr-crash', seed, true), ['2', '3'], plant)) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'relay-at-once', detail: expect.stringMatching(detail) } });
    }
  });
});
