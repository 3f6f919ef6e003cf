// What a run leaves behind in report.json: the result, the violation report if it failed, and
// exactly what went in (the validated scenario, seed and mutants), so replay needs nothing else.
import { z } from 'zod';
import type { ViolationReport } from '../run/diagnose.js';
import type { RunResult } from '../run/result.js';
import { FAULT_KIND_NAMES, type FaultKind } from '../faults/kinds.js';
import { compile } from '../scenario/compile.js';
import { readJsonFile } from './readJson.js';
import { InputError } from '../scenario/errors.js';
import { describeIssues } from '../scenario/load.js';
import { parseOverrides } from '../scenario/overrides.js';
import { scenarioSchema, type Scenario } from '../scenario/schema.js';
import { assertRunnable } from '../scenario/validate.js';
import type { RunSpec } from '../run/runSpec.js';
import { isMutantName, type MutantName } from '../system/mutants.js';
import { SWARM_DRAW_NAMES, type SwarmDraw } from '../faults/swarmDraws.js';

export interface RunInput {
  readonly scenario: Scenario;
  readonly source: string;
  readonly seed: string;
  readonly mutants: readonly MutantName[];
  /** The scenario's faults were drawn by swarm mode (already applied to `scenario`). */
  readonly swarm: boolean;
  /** Which swarm draw made them (absent: the default, targeted). */
  readonly swarmDraw?: SwarmDraw;
  /** Fault kinds the swarm draw left out. */
  readonly swarmWithout?: readonly FaultKind[];
  /** The `--set` overrides, as typed (already applied to `scenario`; the replay command repeats them). */
  readonly set: readonly string[];
}

export interface RunReport extends RunResult {
  readonly violationReport: ViolationReport | null;
  readonly input: RunInput;
}

export function specOf(input: RunInput): RunSpec {
  return compile(input.scenario, { seed: input.seed, source: input.source, mutants: input.mutants, swarm: input.swarm, swarmDraw: input.swarmDraw, swarmWithout: input.swarmWithout ?? [], set: input.set });
}

/** The fields replay, explain and shrink read; the rest of a report passes through unchecked. */
/** A missed deadline as the oracle writes it; explain draws it on the timeline. */
const deadlineShape = z.object({ kind: z.string(), dueUs: z.number().nonnegative(), setBy: z.string(), setAtUs: z.number().nonnegative(), budget: z.string() });

/** Text the terminal is shown: an edited report's escape codes reached it raw. */
const printable = z.string().regex(/^[^\u0000-\u001f\u007f]*$/, 'a control character in it');

const reportShape = z.looseObject({
  scenario: printable,
  traceHash: z.string().regex(/^[0-9a-f]{16}$/, 'expected 16 hex digits'),
  outcome: z.enum(['passed', 'failed', 'aborted']),
  replay: printable,
  invariants: z.array(z.looseObject({ name: z.string(), ok: z.boolean() })),
  violationReport: z.looseObject({ violation: z.looseObject({ msgId: z.number().nullable(), deadline: deadlineShape.nullish() }) }).nullish(),
  input: z.looseObject({
    scenario: z.unknown(),
    source: printable.min(1),
    // What `run --seed` takes (checkSeed): an empty seed replayed another run.
    seed: printable.refine((seed) => seed.trim() !== '', 'an empty seed'),
    mutants: z.array(z.string()).default([]),
    swarm: z.boolean().default(false),
    swarmDraw: z.enum(SWARM_DRAW_NAMES).optional(),
    swarmWithout: z.array(z.enum(FAULT_KIND_NAMES as [FaultKind, ...FaultKind[]])).optional(),
    set: z.array(z.string()).default([]),
  }),
});

/** Reads a report.json written by `seqsim run`, checking that it has what replay needs. */
export function readRunReport(file: string): RunReport {
  const report = readJsonFile(file, 'run report', reportShape);
  const { input } = report;
  const scenario = scenarioSchema.safeParse(input.scenario);
  if (!scenario.success) throw new InputError('BAD_REPORT', `${file}: input.scenario is not a valid scenario: ${describeIssues(scenario.error)}`);
  assertRunnable(scenario.data, `${file}: input.scenario`);
  // The replay command repeats them: each must be one `--set` takes.
  try {
    parseOverrides(input.set);
  } catch (error) {
    throw error instanceof InputError ? new InputError('BAD_REPORT', `${file}: input.set: ${error.message}`) : error;
  }
  const unknown = input.mutants.find((m) => !isMutantName(m));
  if (unknown !== undefined) throw new InputError('BAD_REPORT', `${file}: unknown mutant ${unknown}`);
  return { ...(report as unknown as RunReport), violationReport: (report.violationReport ?? null) as ViolationReport | null, input: { ...input, scenario: scenario.data, mutants: input.mutants as MutantName[] } };
}
