// The shapes of a sweep's data as read back, from a result file (`check --json`, `merge --json`) or
// from a journal (`FILE.partial`): each run, and which sweep it was. A file edited by hand, cut
// short or written by something else fails here, as bad input, instead of as a TypeError in the
// summary after the sweep has run again.
import { z } from 'zod';
import { DEVICE_CLASSES } from '../oracle/latency.js';

const classLatencyShape = z.looseObject({
  count: z.number().nonnegative(),
  boundMs: z.number().nonnegative(),
  overBound: z.number().nonnegative(),
  maxMs: z.number().nonnegative(),
  histogram: z.array(z.tuple([z.number().int().nonnegative(), z.number().nonnegative()])),
});

/** A name the summary keys a table by: none every JavaScript object has (`__proto__` rewrote one's prototype). */
const keyName = z.string().refine((name) => !(name in Object.prototype), { error: 'a name every JavaScript object has' });

/** One run of a sweep: its verdict agrees with its outcome (a run is ok exactly when it passed). */
export const sweepRunShape = z
  .looseObject({
    scenario: keyName,
    seed: z.string(),
    // Empty for a crashed run, which left no trace.
    traceHash: z.string().regex(/^([0-9a-f]{16})?$/, 'expected 16 hex digits'),
    ok: z.boolean(),
    outcome: z.enum(['passed', 'failed', 'aborted', 'crashed']),
    failed: z.array(keyName),
    first: z.string().nullable(),
    replay: z.string(),
    events: z.number().nonnegative(),
    wallTimeMs: z.number().nonnegative(),
    // Files from before pooled latency have neither; pooledByScenario skips their runs.
    latency: z.record(z.enum(DEVICE_CLASSES), classLatencyShape).optional(),
    // 0 for a crashed run whose scenario did not compile.
    latencyBoundMs: z.number().nonnegative().optional(),
    // Files from before cost figures have none; crashed runs have null.
    cost: z.record(z.string(), z.number().nullable()).nullable().optional(),
    // Files from before coverage have none; a crashed run has none either.
    coverage: z.record(z.string(), z.number().int().nonnegative()).optional(),
  })
  .refine((run) => run.ok === (run.outcome === 'passed'), { error: 'ok and outcome disagree (a run is ok exactly when it passed)' });

/** Which sweep it was (SweepIdentity): what `--resume` compares with the command it is given. */
export const sweepIdentityShape = z.looseObject({
  version: z.string(),
  jobs: z.number().int().nonnegative(),
  fingerprint: z.string(),
  scenarios: z.array(z.string()),
  seeds: z.string(),
  swarm: z.boolean(),
  swarmDraw: z.string().optional(),
  swarmWithout: z.array(z.string()).optional(),
  mutants: z.array(z.string()),
  shard: z.string().nullable(),
  set: z.array(z.string()).optional(),
});
