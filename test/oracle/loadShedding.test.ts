// timeliness under load: a ConnectSvr may shed logins ("busy"), and an app refused waits out its
// backoff before it tries again. A promise that needs the app to connect (a woken app's catch-up)
// counts from the end of that backoff. With two logins queued per ConnectSvr at a second each, the
// correct system failed 7 of 30 runs of platform-push-off on such promises.
import { afterEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/api.js';
import { Device } from '../../src/system/device.js';

const OVERLOAD = ['knobs.loginQueueCap=2', 'knobs.loginServiceMs=1000'];
const SEEDS = ['1', '4', '6'];

const timeliness = (seed: string) => runScenario('platform-push-off', { seed, set: OVERLOAD }).invariants.find((invariant) => invariant.name === 'timeliness')!;

describe('load shedding', () => {
  const proto = Device.prototype as unknown as { onTimer(tag: number, data: unknown): void };
  const onTimer = proto.onTimer;
  afterEach(() => {
    proto.onTimer = onTimer;
  });

  it('excuses an app whose login was refused for its backoff, and still fails an app that stops waking', () => {
    for (const seed of SEEDS) expect(timeliness(seed).ok).toBe(true);
    // The planted bug: the background fetch (tag 7) never comes.
    proto.onTimer = function (this: typeof proto, tag, data) {
      if (tag !== 7) onTimer.call(this, tag, data);
    };
    for (const seed of SEEDS) {
      const verdict = timeliness(seed);
      expect(verdict.ok).toBe(false);
      expect(verdict.first?.detail).toMatch(/^woken: seq \d+ not stored within/);
    }
  });
});
