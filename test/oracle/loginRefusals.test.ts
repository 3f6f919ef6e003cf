// timeliness under load. A ConnectSvr whose login queue is full refuses a login and says "busy": one
// that shed logins in silence left each app to wait out its connect timeout, and broke no other
// rule. Shedding is its right: an app refused waits out its backoff before it tries again, and a
// promise that needs it to connect (a woken app's catch-up) counts from the end of that backoff.
// With two logins queued per ConnectSvr at a second each, the correct system failed 7 of 30 runs of
// platform-push-off on such promises before.
import { afterEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/api.js';
import type { Connection } from '../../src/sim/connection.js';
import { ConnectSvr } from '../../src/system/connectSvr.js';
import { Device } from '../../src/system/device.js';
import { EV_LOGIN_REFUSED } from '../../src/system/events.js';
import type { Wire } from '../../src/system/wire.js';

const timeliness = (scenario: string, seed: string, set: string[] = []) => runScenario(scenario, { seed, set }).invariants.find((invariant) => invariant.name === 'timeliness')!;

/** Checks the correct system passes `run` on each seed, then that `plant`ed, each fails with `detail`. */
function passesThenFails(seeds: readonly string[], run: (seed: string) => ReturnType<typeof timeliness>, plant: () => void, detail: RegExp): void {
  for (const seed of seeds) expect(run(seed).ok).toBe(true);
  plant();
  for (const seed of seeds) {
    const verdict = run(seed);
    expect(verdict.ok).toBe(false);
    expect(verdict.first?.detail).toMatch(detail);
  }
}

describe('login refusals', () => {
  const connectSvr = ConnectSvr.prototype as unknown as { onQueueFull(conn: Connection, message: Wire): void; emit(kind: unknown, ...fields: number[]): void };
  const device = Device.prototype as unknown as { onTimer(tag: number, data: unknown): void };
  const { onQueueFull } = connectSvr;
  const { onTimer } = device;
  afterEach(() => {
    connectSvr.onQueueFull = onQueueFull;
    device.onTimer = onTimer;
  });

  it('are answered busy by the correct ConnectSvr, and a ConnectSvr that refuses in silence fails timeliness', () => {
    // The planted bug: the refusal is traced, and no "busy" goes back.
    const silent = () => {
      connectSvr.onQueueFull = function (this: typeof connectSvr, conn, message) {
        if (message.type === 'hello') this.emit(EV_LOGIN_REFUSED, message.device, conn.id);
      };
    };
    passesThenFails(['1', '2', '3'], (seed) => timeliness('reconnect-storm', seed), silent, /^refusal-untold: \d+ of the device's logins refused under load were never answered "busy" \(the latest by connectsvr-\d at [\d,]+ ms\)$/);
  });

  it("excuse an app's wake for its backoff, and an app that stops waking still fails", () => {
    // The planted bug: the background fetch (tag 7) never comes.
    const noFetch = () => {
      device.onTimer = function (this: typeof device, tag, data) {
        if (tag !== 7) onTimer.call(this, tag, data);
      };
    };
    const overloaded = (seed: string) => timeliness('platform-push-off', seed, ['knobs.loginQueueCap=2', 'knobs.loginServiceMs=1000']);
    passesThenFails(['1', '4', '6'], overloaded, noFetch, /^woken: seq \d+ not stored within/);
  });
});
