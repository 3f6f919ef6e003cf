// A sweep run for tests of what reads sweeps (summaries, journals, reports, merges): a run of
// baseline that passed with no deliveries, and what the test sets on top.
import { createHash } from 'node:crypto';
import type { SweepRun } from '../src/run/sweepJob.js';

const noDeliveries = { count: 0, boundMs: 100, overBound: 0, maxMs: 0, histogram: [] };

export function sweepRun(fields: Partial<SweepRun> & Pick<SweepRun, 'seed'>): SweepRun {
  const scenario = fields.scenario ?? 'baseline';
  return {
    scenario,
    traceHash: createHash('sha256').update(`${scenario}-${fields.seed}`).digest('hex').slice(0, 16),
    ok: fields.ok ?? true,
    outcome: fields.ok === false ? 'failed' : 'passed',
    failed: [],
    first: null,
    replay: `seqsim run ${scenario} --seed ${fields.seed}`,
    events: 10,
    wallTimeMs: 5,
    latency: { healthy: noDeliveries, reconnected: noDeliveries, woken: noDeliveries },
    latencyBoundMs: 100,
    cost: null,
    ...fields,
  };
}
