// timeliness, access-route: a ConnectSvr passes a device's send to its user's SendSvr (and its pull
// to its user's ReceiveSvr). A ConnectSvr that routed sends by the device's id split a user's phones
// across SendSvrs, each with an anti-spam window of its own, and no rule saw it: the send-policy
// model kept its window per SendSvr, as the system does. It now keeps it per user, at the SendSvr
// that serves the user, so the sends over the limit fail send-policy too.
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectSvr } from '../../src/system/connectSvr.js';
import { route, type Topology } from '../../src/system/topology.js';
import type { Wire } from '../../src/system/wire.js';
import { ownPropertyRestorer, plantedVerdicts, verdictOf } from './plants.js';

interface ConnectSvrParts {
  send(to: number, message: Wire): void;
  topology: Topology;
}
const connectSvr = ConnectSvr.prototype as unknown as ConnectSvrParts;
const restoreSend = ownPropertyRestorer(connectSvr, 'send');
const { send } = connectSvr;

afterEach(restoreSend);

/** The planted bug: a send goes to the SendSvr of the device's id, not of its user. */
function plantSendsByDevice(): void {
  connectSvr.send = function (this: ConnectSvrParts, to: number, message: Wire) {
    send.call(this, message.type === 'send-rpc' ? route(this.topology.sendSvrs, message.device) : to, message);
  };
}

describe("a user's sends", () => {
  it("go to the user's SendSvr, and a ConnectSvr that routes them by device fails timeliness", () => {
    const detail = /^access-route: connectsvr-\d sent sendsvr-\d a send-rpc of device-u\d+-\d, whose user \d+ is served by sendsvr-\d$/;
    for (const failed of plantedVerdicts((seed) => verdictOf('timeliness', 'group-storm', seed), ['1', '2'], plantSendsByDevice)) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'access-route', detail: expect.stringMatching(detail) } });
    }
  });

  it('share one anti-spam window, wherever they are admitted, so the sends that split it fail send-policy', () => {
    const detail = /^SendSvr admitted a send over the anti-spam limit: \d+ sends in the last [\d,]+ ms, limit \d+$/;
    for (const failed of plantedVerdicts((seed) => verdictOf('send-policy', 'group-storm', seed), ['1', '2'], plantSendsByDevice)) {
      expect(failed).toMatchObject({ ok: false, first: { detail: expect.stringMatching(detail) } });
    }
  });
});
