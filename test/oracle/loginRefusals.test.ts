// timeliness under load: a ConnectSvr whose login queue is full refuses a login and says "busy". A
// ConnectSvr that shed logins in silence left each app to wait out its connect timeout, and broke
// no other rule.
import { afterEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/api.js';
import type { Connection } from '../../src/sim/connection.js';
import { ConnectSvr } from '../../src/system/connectSvr.js';
import { EV_LOGIN_REFUSED } from '../../src/system/events.js';
import type { Wire } from '../../src/system/wire.js';

const SEEDS = ['1', '2', '3'];

const timeliness = (seed: string) => runScenario('reconnect-storm', { seed }).invariants.find((invariant) => invariant.name === 'timeliness')!;

describe('login refusals', () => {
  const proto = ConnectSvr.prototype as unknown as { onQueueFull(conn: Connection, message: Wire): void; emit(kind: unknown, ...fields: number[]): void };
  const onQueueFull = proto.onQueueFull;
  afterEach(() => {
    proto.onQueueFull = onQueueFull;
  });

  it('are answered busy by the correct ConnectSvr, and a ConnectSvr that refuses in silence fails timeliness', () => {
    for (const seed of SEEDS) expect(timeliness(seed).ok).toBe(true);
    // The planted bug: the refusal is traced, and no "busy" goes back.
    proto.onQueueFull = function (this: typeof proto, conn, message) {
      if (message.type === 'hello') this.emit(EV_LOGIN_REFUSED, message.device, conn.id);
    };
    for (const seed of SEEDS) {
      const verdict = timeliness(seed);
      expect(verdict.ok).toBe(false);
      expect(verdict.first?.detail).toMatch(/^refusal-untold: \d+ of the device's logins refused under load were never answered "busy" \(the latest by connectsvr-\d at [\d,]+ ms\)$/);
    }
  });
});
