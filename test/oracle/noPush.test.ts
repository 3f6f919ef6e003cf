// The real-time promise, checked where it matters: with PushSvr doing nothing, every named scenario
// fails within 5 seeds, by push-route in some run, and by latency or timeliness in some run or by
// the sweep's pooled latency verdict. The scenarios with weak links are the hard case: there the
// hint's hard deadline allows minutes, so push-route's prompt-hint verdict and the latency classes'
// fixed window (not how the delivery ended) have to see it.
import { describe, expect, it } from 'vitest';
import { breaksBound, poolLatency } from '../../src/oracle/pooledLatency.js';
import { runJob } from '../../src/run/sweepJob.js';
import { scenarioNames } from '../../src/scenario/load.js';

const SEEDS = 5;

describe('a PushSvr that does nothing', () => {
  it.each(scenarioNames())('fails %s within 5 seeds by push-route and by a latency verdict', (scenario) => {
    const runs = Array.from({ length: SEEDS }, (_, i) => runJob({ source: scenario, seed: String(i + 1), swarm: false, mutants: ['no-push'] }));
    expect(runs.some((run) => run.failed.includes('push-route'))).toBe(true);
    const perRun = runs.some((run) => run.failed.includes('latency') || run.failed.includes('timeliness'));
    const pooled = breaksBound(poolLatency(runs.map((run) => run.latency.healthy)));
    expect(perRun || pooled).toBe(true);
  });
});
