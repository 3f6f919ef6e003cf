// Timing presets: `knobs: { preset: mars }` puts the public Mars client's timings under the
// scenario's own knobs, and the mars-timings scenario still judges delivery on them.
import { describe, expect, it } from 'vitest';
import { runJob } from '../../src/run/sweepJob.js';
import { systemKnobs } from '../../src/scenario/compile.js';
import { scenarioSchema } from '../../src/scenario/schema.js';
import { ms } from '../../src/sim/time.js';
import { DEFAULT_KNOBS } from '../../src/system/config.js';

const knobsOf = (knobs: Record<string, unknown>) => systemKnobs(scenarioSchema.parse({ name: 'p', durationMs: 1_000, knobs }));

describe('timing presets', () => {
  it('mars sets the real client timings, and a knob the scenario sets still wins', () => {
    const mars = knobsOf({ preset: 'mars' });
    expect(mars.heartbeatIntervalUs).toBe(ms(270_000));
    expect(mars.pullTimeoutUs).toBe(ms(60_000));
    expect(mars.serverIdleTimeoutUs).toBeGreaterThan(mars.heartbeatIntervalUs);
    // What the preset leaves alone keeps its default.
    expect(mars.rpcTimeoutUs).toBe(DEFAULT_KNOBS.rpcTimeoutUs);
    expect(knobsOf({ preset: 'mars', heartbeatIntervalMs: 100_000 }).heartbeatIntervalUs).toBe(ms(100_000));
    expect(knobsOf({})).toEqual(knobsOf({ preset: 'seqsim' }));
    expect(() => knobsOf({ preset: 'wechat-2013' })).toThrow(/preset/);
  });

  it('mars-timings passes on the correct system, and a ConnectSvr and device that never notice a dead link fail it', () => {
    for (let seed = 1; seed <= 2; seed++) {
      expect(runJob({ source: 'mars-timings', seed: String(seed), swarm: false, mutants: [] }).ok).toBe(true);
      const buggy = runJob({ source: 'mars-timings', seed: String(seed), swarm: false, mutants: ['half-open-no-fallback'] });
      expect(buggy.ok, buggy.replay).toBe(false);
    }
  });
});
