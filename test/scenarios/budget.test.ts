// The run estimate: close enough to what runs really cost that a budget refused up front is a
// budget the run would have blown, and a run let through would have fit.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/api.js';
import { budgetErrors, estimateRun } from '../../src/scenario/budget.js';
import { loadScenario } from '../../src/scenario/load.js';
import { scenarioSchema, type Scenario } from '../../src/scenario/schema.js';
import { scaleScenario } from '../../src/bench/scaleScenario.js';

/** Node's default heap limit on a 64-bit machine with 16 GiB or more. */
const HEAP_4_GIB = 4 * 2 ** 30;

describe('the run estimate', () => {
  it.each(['baseline', 'group-storm', 'multi-device', 'platform-push-off', 'reinstall'])('is within a factor of 1.5 of the events %s really takes', (name) => {
    const { scenario } = loadScenario(name);
    const actual = [1, 2, 3].reduce((sum, seed) => sum + runScenario(scenario, { seed }).events, 0) / 3;
    const ratio = estimateRun(scenario).events / actual;
    expect(ratio).toBeGreaterThan(1 / 1.5);
    expect(ratio).toBeLessThan(1.5);
  });

  it('counts devices and sends from the layout, the rates and the bursts', () => {
    const estimate = estimateRun(scenarioSchema.parse({ durationMs: 61_000, users: { count: 10, devices: [['ios', 'desktop'], ['android']] }, workload: { sendsPerUserPerMin: 6, burstChance: 0, startMs: 1_000 } }));
    expect(estimate.devices).toBe(15);
    expect(estimate.sends).toBe(60);
    const bursty = estimateRun(scenarioSchema.parse({ workload: { burstChance: 0.5, burstSize: 3 } }));
    const steady = estimateRun(scenarioSchema.parse({ workload: { burstChance: 0 } }));
    // Each arrival brings 1 + 0.5 × 2 / 0.5 = 3 messages, typed 375 ms apart.
    expect(bursty.sends / steady.sends).toBeCloseTo((3 / (20_000 + 2 * 375)) * 20_000, 1);
  });

  it('refuses a million users for ten minutes on events and on memory, even at the ceiling of maxSteps', () => {
    const million = (maxSteps: number) => scenarioSchema.parse({ durationMs: 600_000, maxSteps, users: { count: 1_000_000 } });
    const errors = budgetErrors(million(20_000_000), estimateRun(million(20_000_000)), { heapLimitBytes: HEAP_4_GIB, keepTrace: false });
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^maxSteps: the run is estimated at [\d,]+ events \(1,750,000 devices over 630 s, [\d,]+ sends\), over its watchdog budget of 20,000,000; more than maxSteps may be \(1,000,000,000\)/);
    expect(errors[1]).toMatch(/^users\.count: the run would hold about [\d.]+ GiB .* over the memory cap of 2\.0 GiB/);
    expect(budgetErrors(million(1e9), estimateRun(million(1e9)), { heapLimitBytes: HEAP_4_GIB, keepTrace: false })).toHaveLength(2);
  });

  it('tells a run that fits the steps but not its budget to raise maxSteps', () => {
    const scenario = scenarioSchema.parse({ maxSteps: 1_000 });
    expect(budgetErrors(scenario, estimateRun(scenario), { heapLimitBytes: HEAP_4_GIB, keepTrace: false })).toEqual([
      expect.stringMatching(/^maxSteps: .* over its watchdog budget of 1,000; raise maxSteps \(at most 1,000,000,000\) or make the run smaller$/),
    ]);
  });

  it('lets the bench scale run through, and refuses to keep its trace', () => {
    const scale: Scenario = scaleScenario(loadScenario('baseline').scenario, 100_000, 1_000_000);
    const estimate = estimateRun(scale);
    expect(estimate.events).toBeLessThan(scale.maxSteps);
    expect(budgetErrors(scale, estimate, { heapLimitBytes: HEAP_4_GIB, keepTrace: false })).toEqual([]);
    expect(budgetErrors(scale, estimate, { heapLimitBytes: HEAP_4_GIB, keepTrace: true })).toEqual([expect.stringMatching(/^keeping the full trace .* run with --no-html and without --trace$/)]);
  });
});
