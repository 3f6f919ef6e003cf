// The shapes of a sweep's data as read back, from a result file (`check --json`, `merge --json`) or
// from a journal (`FILE.partial`): each run, and which sweep it was. A file edited by hand, cut
// short or written by something else fails here, as bad input, instead of as a TypeError in the
// summary after the sweep has run again.
import { z } from 'zod';
import { DEVICE_CLASSES } from '../oracle/latency.js';

/**
 * A figure a run measured: never below 0, nor past 2^53 (no run counts that many things, or lasts
 * that many ms; 1e308 summed over a few runs overflowed to Infinity, and 1e309 reads back as Infinity).
 */
const figure = z.number().nonnegative().max(Number.MAX_SAFE_INTEGER);
/** A number of things: whole, and exact in a double (a count of 1e308 or 0.5 is no count). */
export const tally = z.int().nonnegative();
/** The bucket of 2^53 us, the longest time the virtual clock counts, is 599 (histogram.ts: 40 a decade from 10 us). */
const MAX_LATENCY_BUCKET = 600;

const classLatencyShape = z
  .looseObject({
    count: tally,
    boundMs: figure,
    overBound: tally,
    maxMs: figure,
    histogram: z.array(z.tuple([z.number().int().nonnegative().max(MAX_LATENCY_BUCKET), tally.min(1)])),
  })
  .refine((latency) => latency.histogram.every(([bucket], i) => i === 0 || bucket > latency.histogram[i - 1]![0]), { error: 'histogram buckets must rise, each once' })
  .refine((latency) => latency.histogram.reduce((sum, [, count]) => sum + count, 0) === latency.count, { error: 'histogram counts must add up to count' })
  .refine((latency) => latency.overBound <= latency.count, { error: 'overBound is more than count' });

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
    events: tally,
    wallTimeMs: figure,
    // Files from before pooled latency have neither; pooledByScenario skips their runs.
    latency: z.record(z.enum(DEVICE_CLASSES), classLatencyShape).optional(),
    // 0 for a crashed run whose scenario did not compile.
    latencyBoundMs: figure.optional(),
    // Files from before cost figures have none; crashed runs have null.
    cost: z.record(z.string(), figure.nullable()).nullable().optional(),
    // Files from before coverage have none; a crashed run has none either.
    coverage: z.record(z.string(), tally).optional(),
  })
  .refine((run) => run.ok === (run.outcome === 'passed'), { error: 'ok and outcome disagree (a run is ok exactly when it passed)' });

/** Which sweep it was (SweepIdentity): what `--resume` compares with the command it is given. */
export const sweepIdentityShape = z.looseObject({
  version: z.string(),
  jobs: tally,
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
