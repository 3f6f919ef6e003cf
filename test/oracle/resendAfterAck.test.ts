// no-duplicate: a device sends no message again once it has heard the ack, or a final refusal,
// unless it restarted or was restored since. An app that left acked messages in its outbox sent every
// one of them again at each reconnect; MsgStore's idempotency hid each copy, and every rule held (a
// mutation harness). One that kept refused messages there, for the user to tap and retry, sent them
// again at each reconnect, SendSvr answering from its record.
import { afterEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/api.js';
import { Device } from '../../src/system/device.js';
import type { SendResp } from '../../src/system/wire.js';

type Persist = (change: (disk: { outbox: Map<number, unknown> }) => void, tag: number, data: unknown) => void;
const proto = Device.prototype as unknown as { persist: Persist; sendResponse(resp: SendResp): void };
const { persist, sendResponse } = proto;

/** The planted bug: the write that settles a send (any, or a refused one) keeps the message in the outbox. */
const keepSettledInOutbox = (refusedOnly: boolean) => {
  let refused = false;
  proto.sendResponse = function (this: Device, resp: SendResp) {
    refused = resp.reject !== null;
    sendResponse.call(this, resp);
  };
  proto.persist = function (this: Device, change, tag, data) {
    const settles = typeof data === 'object' && data !== null && 'clientMsgId' in data && 'entry' in data;
    if (!settles || (refusedOnly && !refused)) return persist.call(this, change, tag, data);
    const { clientMsgId } = data as { clientMsgId: number };
    return persist.call(this, (disk) => {
      const message = disk.outbox.get(clientMsgId);
      change(disk);
      if (message !== undefined) disk.outbox.set(clientMsgId, message);
    }, tag, data);
  };
};

const SEEDS = ['1', '2', '3'];
const noDuplicate = (scenario: string, seed: string) => runScenario(scenario, { seed }).invariants.find((invariant) => invariant.name === 'no-duplicate')!;

describe('a message sent again after its ack', () => {
  afterEach(() => {
    proto.persist = persist;
    proto.sendResponse = sendResponse;
  });

  it('never happens in the correct system, across reconnects, restarts and restores', () => {
    for (const scenario of ['connectsvr-crash', 'lossy-wifi', 'phone-restore', 'sendsvr-crash-points']) {
      for (const seed of SEEDS) expect(noDuplicate(scenario, seed).ok, `${scenario} ${seed}`).toBe(true);
    }
  });

  it('fails no-duplicate when acked messages stay in the outbox', () => {
    keepSettledInOutbox(false);
    for (const seed of SEEDS) {
      const verdict = noDuplicate('connectsvr-crash', seed);
      expect(verdict.ok).toBe(false);
      expect(verdict.first?.detail).toMatch(/^sent again \(attempt \d+\) after the device heard its ack at [\d,]+ ms, and the device has not restarted since$/);
    }
  });

  it('fails no-duplicate when refused messages stay in the outbox', () => {
    keepSettledInOutbox(true);
    for (const seed of ['1', '2']) {
      const verdict = noDuplicate('ios-background', seed);
      expect(verdict.ok).toBe(false);
      expect(verdict.first?.detail).toMatch(/^sent again \(attempt \d+\) after the device heard its refusal at [\d,]+ ms, and the device has not restarted since$/);
    }
  });
});
