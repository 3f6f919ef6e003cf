// timeliness's heartbeat promise: one heartbeat per interval on a long connection. An app that left
// its heartbeat timer running when its connection died started a second beat with the next
// connection, and a third with the one after: it beat several times as often and broke no other rule.
import { afterEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/api.js';
import { Process } from '../../src/sim/process.js';
import type { TimerHandle } from '../../src/sim/simulation.js';
import { Device } from '../../src/system/device.js';

const SEEDS = ['1', '3', '7'];

const timeliness = (seed: string) => runScenario('multi-device', { seed, swarm: true }).invariants.find((invariant) => invariant.name === 'timeliness')!;

describe('heartbeats', () => {
  const proto = Device.prototype as unknown as { cancelTimer(handle: TimerHandle | undefined): void; heartbeatTimer?: TimerHandle };
  afterEach(() => {
    delete (proto as { cancelTimer?: unknown }).cancelTimer;
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
      expect(verdict.first?.detail).toMatch(/^heartbeats: \d+ heartbeats from the device reached connectsvr-\d in [\d,]+ ms, with no fault/);
    }
  });
});
