// timeliness, answer-route: SendSvr answers a send through the ConnectSvr of the latest attempt it
// took. One that kept the first attempt's ConnectSvr for a send under way when a retry came through
// another acked phones that had moved on: in a reconnect storm the phone heard 10 s later, at its
// next retry, and the ack's own rule excused a path a fault had touched (2 of the 3 swarm runs of
// reconnect-storm, lossy-wifi, connectsvr-crash and sendsvr-crash-points, seeds 1-10, it changed).
import { afterEach, describe, expect, it } from 'vitest';
import { SendSvr } from '../../src/system/sendSvr.js';
import { messageKey, type SendRpc } from '../../src/system/wire.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface Routed {
  connectSvr: number;
}
interface SendSvrParts {
  readonly jobs: { get(key: number): Routed | undefined };
  readonly refusals: Map<number, Routed>;
  receive(connectSvr: number, rpc: SendRpc): void;
}
const sendSvr = SendSvr.prototype as unknown as SendSvrParts;
const { receive } = sendSvr;

afterEach(() => {
  sendSvr.receive = receive;
});

describe("a send's answer", () => {
  it('goes through the ConnectSvr of the latest attempt, and a SendSvr that keeps the first one fails timeliness', () => {
    const plant = () => {
      sendSvr.receive = function (this: SendSvrParts, connectSvr: number, rpc: SendRpc) {
        // The planted bug: a retry of a send under way leaves the way back as the first attempt set it.
        const key = messageKey(rpc.message);
        const underWay = this.jobs.get(key) ?? this.refusals.get(key);
        const first = underWay?.connectSvr;
        receive.call(this, connectSvr, rpc);
        if (underWay !== undefined) underWay.connectSvr = first!;
      };
    };
    const detail = /^answer-route: sendsvr-\d+ answered message \d+ through (connectsvr-\d+), though the latest attempt it took came through (?!\1)connectsvr-\d+/;
    const verdicts = plantedVerdicts((seed) => verdictOf('timeliness', 'reconnect-storm', seed, true), ['3', '4'], plant);
    for (const failed of verdicts) expect(failed).toMatchObject({ ok: false, first: { kind: 'answer-route', detail: expect.stringMatching(detail) } });
  });
});
