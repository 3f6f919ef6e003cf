// timeliness's heartbeat promise: one heartbeat per interval on a long connection, no more and no
// fewer. An app that left its heartbeat timer running when its connection died started a second
// beat with the next connection, and a third with the one after: it beat several times as often and
// broke no other rule. An app that beat at its heartbeat timeout instead of its interval broke none
// either. The send-side rule (heartbeatsSent.ts) sees these plants first; it is left out here, so
// the rules on arrivals are judged alone.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/api.js';
import { Process } from '../../src/sim/process.js';
import type { TimerHandle } from '../../src/sim/simulation.js';
import { Device } from '../../src/system/device.js';
import { withoutSentHeartbeats } from './plants.js';

const SEEDS = ['1', '3', '7'];

const timeliness = (seed: string) => runScenario('multi-device', { seed, swarm: true }).invariants.find((invariant) => invariant.name === 'timeliness')!;

describe('heartbeats', () => {
  const proto = Device.prototype as unknown as {
    cancelTimer(handle: TimerHandle | undefined): void;
    setTimer(delayUs: number, tag: number, data?: unknown): TimerHandle;
    heartbeatTimer?: TimerHandle;
  };
  let restoreSent: () => void = () => undefined;
  beforeEach(() => {
    restoreSent = withoutSentHeartbeats();
  });
  afterEach(() => {
    delete (proto as { cancelTimer?: unknown }).cancelTimer;
    delete (proto as { setTimer?: unknown }).setTimer;
    restoreSent();
  });

  it('come one per interval from the correct app, and an app that never stops its heartbeat timer fails timeliness', () => {
    for (const seed of SEEDS) expect(timeliness(seed).ok).toBe(true);
    // The planted bug: every timer is cancelled but the heartbeat's.
    proto.cancelTimer = function (this: typeof proto, handle) {
      if (handle !== this.heartbeatTimer) Process.prototype.cancelTimer.call(this, handle);
    };
    for (const seed of SEEDS) {
      const verdict = timeliness(seed);
      expect(verdict.ok).toBe(false);
      // The second beat chain shows first as two beats too close on one connection (heartbeat-early),
      // where the link's hop is shorter than the interval; the window count judges alone where it is not.
      expect(verdict.first?.detail).toMatch(/^(heartbeats: \d+ heartbeats from the device reached connectsvr-\d in [\d,]+ ms|heartbeat-early: a heartbeat from the device reached connectsvr-\d [\d,.]+ ms after the one before on its connection \(or its opening\)), with no fault/);
    }
  });

  it('are counted in windows where the device hop is as long as the interval (no gap bound there), and the never-stopped timer fails there too', () => {
    // A 300 ms interval on good Wi-Fi: a device hop may take longer, so heartbeat-early has no bound.
    const windowed = (seed: string) =>
      runScenario('connectsvr-crash', { seed, set: ['knobs.heartbeatIntervalMs=300'] }).invariants.find((invariant) => invariant.name === 'timeliness')!;
    for (const seed of SEEDS) expect(windowed(seed).ok).toBe(true);
    proto.cancelTimer = function (this: typeof proto, handle) {
      if (handle !== this.heartbeatTimer) Process.prototype.cancelTimer.call(this, handle);
    };
    for (const seed of SEEDS) {
      const verdict = windowed(seed);
      expect(verdict.ok).toBe(false);
      expect(verdict.first?.detail).toMatch(/^heartbeats: \d+ heartbeats from the device reached connectsvr-\d in [\d,]+ ms, with no fault/);
    }
  });

  it('come no fewer than one per interval: an app that beats at two and a half intervals fails timeliness', () => {
    // The planted bug: the heartbeat timer (tag 1) waits 25 s, the heartbeat timeout, not the 10 s
    // interval; the first beat after a connection opens is late first.
    proto.setTimer = function (this: typeof proto, delayUs, tag, data) {
      return Process.prototype.setTimer.call(this, tag === 1 ? delayUs * 2.5 : delayUs, tag, data);
    };
    for (const seed of SEEDS) {
      const verdict = timeliness(seed);
      expect(verdict.ok).toBe(false);
      expect(verdict.first?.detail).toMatch(/^heartbeat-gap: no heartbeat from the device reached connectsvr-\d for 2[45],[\d]+ ms (of a session that lasted|after the device's connection opened, in the session it began), with no fault/);
    }
  });
});
