// timeliness's "spread" promise: an app whose session ended waits a random part of its first
// backoff before it dials again, so the apps a ConnectSvr's crash dropped together do not come back
// together. Apps on a fixed backoff (each waited exactly reconnectBase) made a thundering herd at
// every restarted server and broke no other rule. The same holds after a login refused "busy":
// apps that dialled again at once hammered a full login queue, a storm twenty times the size.
import { afterEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/api.js';
import { Process } from '../../src/sim/process.js';
import type { RandomStream } from '../../src/sim/random.js';
import { Device } from '../../src/system/device.js';

const SEEDS = ['1', '2', '3'];

const reconnectViolations = (seed: string, set: readonly string[] = [], scenario = 'connectsvr-crash') => {
  const report = runScenario(scenario, { seed, set });
  return report.invariants.filter((invariant) => !invariant.ok).map((invariant) => `${invariant.name}: ${invariant.first?.detail ?? ''}`);
};

describe('reconnect waits after a session ends', () => {
  const proto = Device.prototype as unknown as { random(purpose: string): RandomStream };
  afterEach(() => {
    delete (proto as { random?: unknown }).random;
  });

  /** Plants a bug: the backoff's draw is always `draw`. */
  const fixedBackoff = (draw: number) => {
    proto.random = function (this: Process, purpose: string): RandomStream {
      const stream = Process.prototype.random.call(this, purpose);
      return purpose === 'backoff' ? ({ ...stream, uniform: () => draw } as unknown as RandomStream) : stream;
    };
    expect(Device.prototype.random).not.toBe(Process.prototype.random);
  };

  it('are spread by the correct app, and a fixed first backoff fails timeliness', () => {
    for (const seed of SEEDS) expect(reconnectViolations(seed)).toEqual([]);
    // The planted bug: the backoff's draw is always its top, so every first wait is reconnectBase.
    fixedBackoff(1);
    for (const seed of SEEDS) {
      const failed = reconnectViolations(seed);
      expect(failed.length).toBeGreaterThan(0);
      expect(failed.join('\n')).toMatch(/timeliness: reconnect: \d+ of \d+ apps whose sessions ended made their first attempt exactly 500 ms after/);
    }
  });

  it('after a "busy" answer are spread by the correct app, and an app that dials again at once fails timeliness', () => {
    for (const seed of SEEDS) expect(reconnectViolations(seed, [], 'reconnect-storm')).toEqual([]);
    // The planted bug: no backoff at all, so an app turned away dials the next ConnectSvr at once.
    fixedBackoff(0);
    for (const seed of SEEDS) {
      expect(reconnectViolations(seed, [], 'reconnect-storm').join('\n')).toMatch(/timeliness: reconnect: \d+ of \d+ attempts after a login refused "busy" came exactly 0 ms after the app heard it/);
    }
  });

  it('are not judged when the first backoff is too short to spread them (1 or 10 us: every wait 0 or a few us)', () => {
    for (const baseMs of [0.001, 0.01]) for (const seed of SEEDS) expect(reconnectViolations(seed, [`knobs.reconnectBaseMs=${baseMs}`])).toEqual([]);
  });
});
