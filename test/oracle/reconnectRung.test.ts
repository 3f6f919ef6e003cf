// timeliness's reconnect ladder: attempt k that does not log in is followed by the next within the
// attempt's own timeout and its rung, min(reconnectCap, reconnectBase * 2^k); after a "busy" answer,
// within the rung of hearing it. An app that jumped its backoff to the cap at every "busy" left a
// storm's refused phones 15 s without a session instead of 0.3 s, within the bound before
// (connectTimeout and the cap), and passed every rule.
import { afterEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/sim/connection.js';
import { Device } from '../../src/system/device.js';
import type { Wire } from '../../src/system/wire.js';
import { plantedVerdicts, verdictOf } from './plants.js';

const SEEDS = ['1', '2', '3'];
type Backoff = { connectAttempts: number; ready: boolean; conn: Connection | undefined };
const proto = Device.prototype as unknown as Backoff & {
  onConnMessage(conn: Connection, message: Wire): void;
  disconnect(reconnect: boolean): void;
};

describe('the reconnect ladder', () => {
  const { onConnMessage, disconnect } = proto;
  afterEach(() => {
    proto.onConnMessage = onConnMessage;
    proto.disconnect = disconnect;
  });

  it('is kept after "busy" by the correct app; one that jumps to the cap on "busy" fails timeliness', () => {
    const verdicts = plantedVerdicts((seed) => verdictOf('timeliness', 'reconnect-storm', seed), SEEDS, () => {
      proto.onConnMessage = function (this: Backoff, conn: Connection, message: Wire) {
        // The server is shedding load: back off as far as the cap allows (500 ms x 2^6 > 30 s).
        if (message.type === 'hello-busy' && conn === this.conn) this.connectAttempts = Math.max(this.connectAttempts, 6);
        onConnMessage.call(this, conn, message);
      };
    });
    for (const verdict of verdicts) {
      expect(verdict.ok).toBe(false);
      expect(verdict.first?.detail).toMatch(/^reconnect: (no|next) attempt [\d,]+ ms after its attempt 0 was refused "busy" \(the backoff after attempt 0 at most 500 ms, min\(30,000 ms, 500 ms x 2\^0\)\)$/);
    }
  });

  it('is kept after a failed attempt by the correct app; one a rung up fails timeliness', () => {
    const verdicts = plantedVerdicts((seed) => verdictOf('timeliness', 'connectsvr-crash', seed), SEEDS, () => {
      proto.disconnect = function (this: Backoff, reconnect: boolean) {
        // Each failed attempt counted twice: the wait after it doubles once too often.
        if (!this.ready && this.conn !== undefined) this.connectAttempts++;
        disconnect.call(this, reconnect);
      };
    });
    for (const verdict of verdicts) {
      expect(verdict.ok).toBe(false);
      expect(verdict.first?.detail).toMatch(/^reconnect: (no|next) attempt [\d,]+ ms after its attempt \d+, which did not log in \(an attempt lasts at most 10,000 ms, the backoff after attempt \d+ at most [\d,]+ ms/);
    }
  });
});
