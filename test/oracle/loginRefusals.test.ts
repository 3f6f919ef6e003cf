// timeliness under load. A ConnectSvr whose login queue is full refuses a login and says "busy": one
// that shed logins in silence left each app to wait out its connect timeout, and broke no other
// rule. Shedding is its right: an app refused waits out its backoff before it tries again, and a
// promise that needs it to connect (a woken app's catch-up) counts from the end of that backoff.
// With two logins queued per ConnectSvr at a second each, the correct system failed 7 of 30 runs of
// platform-push-off on such promises before. And it refuses only at a full queue (refused-early).
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
  const connectSvr = ConnectSvr.prototype as unknown as { onQueueFull(conn: Connection, message: Wire): void; emit(kind: unknown, ...fields: number[]): void; queueCap(): number; knobs: { loginQueueCap: number } };
  const device = Device.prototype as unknown as { wake(reason: string): void };
  const { onQueueFull, queueCap } = connectSvr;
  const { wake } = device;
  afterEach(() => {
    connectSvr.onQueueFull = onQueueFull;
    connectSvr.queueCap = queueCap;
    device.wake = wake;
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

  it('come only from a full queue, and a ConnectSvr whose cap is one short fails timeliness', () => {
    // The planted bug: "the login in service holds a slot too", so one fewer may wait.
    const oneShort = () => {
      connectSvr.queueCap = function (this: typeof connectSvr) {
        return this.knobs.loginQueueCap - 1;
      };
    };
    passesThenFails(['1', '2', '3'], (seed) => timeliness('reconnect-storm', seed), oneShort, /^refused-early: connectsvr-\d refused the device's login at [\d,]+ ms with 7 logins waiting; it refuses one only while its queue is full \(loginQueueCap 8\)$/);
  });

  it("excuse an app's wake for its backoff, and an app that stops waking still fails", () => {
    // The planted bug: the background fetch fires on time and wakes nothing.
    const noFetch = () => {
      device.wake = function (this: typeof device, reason) {
        if (reason !== 'periodic') wake.call(this, reason);
      };
    };
    const overloaded = (seed: string) => timeliness('platform-push-off', seed, ['knobs.loginQueueCap=2', 'knobs.loginServiceMs=1000']);
    passesThenFails(['1', '4', '6'], overloaded, noFetch, /^woken: seq \d+ not stored within/);
  });
});
