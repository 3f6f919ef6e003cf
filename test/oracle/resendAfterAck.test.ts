// no-duplicate: a device sends no message again once it has heard the ack, unless it restarted or
// was restored since. An app that left acked messages in its outbox sent every one of them again at
// each reconnect; MsgStore's idempotency hid each copy, and every rule held (a mutation harness).
import { afterEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/api.js';
import { Device } from '../../src/system/device.js';

type Persist = (change: (disk: { outbox: Map<number, unknown> }) => void, tag: number, data: unknown) => void;
const proto = Device.prototype as unknown as { persist: Persist };
const { persist } = proto;

/** The planted bug: the write that settles an acked send keeps the message in the outbox. */
const keepAckedInOutbox = () => {
  proto.persist = function (this: Device, change, tag, data) {
    const settles = typeof data === 'object' && data !== null && 'clientMsgId' in data && 'entry' in data;
    if (!settles) return persist.call(this, change, tag, data);
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
  });

  it('never happens in the correct system, across reconnects, restarts and restores', () => {
    for (const scenario of ['connectsvr-crash', 'lossy-wifi', 'phone-restore', 'sendsvr-crash-points']) {
      for (const seed of SEEDS) expect(noDuplicate(scenario, seed).ok, `${scenario} ${seed}`).toBe(true);
    }
  });

  it('fails no-duplicate when acked messages stay in the outbox', () => {
    keepAckedInOutbox();
    for (const seed of SEEDS) {
      const verdict = noDuplicate('connectsvr-crash', seed);
      expect(verdict.ok).toBe(false);
      expect(verdict.first?.detail).toMatch(/^sent again \(attempt \d+\) after the device heard its ack at [\d,]+ ms, and the device has not restarted since$/);
    }
  });
});
