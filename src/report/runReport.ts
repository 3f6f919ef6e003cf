// What a run leaves behind in report.json: the result, the violation report if it failed, and
// exactly what went in (the validated scenario, seed and mutants), so replay needs nothing else.
import type { ViolationReport } from '../run/diagnose.js';
import type { RunResult } from '../run/result.js';
import { compile } from '../scenario/compile.js';
import { readJsonFile } from './readJson.js';
import { InputError } from '../scenario/errors.js';
import { scenarioSchema, type Scenario } from '../scenario/schema.js';
import type { RunSpec } from '../run/runSpec.js';
import { isMutantName, type MutantName } from '../system/mutants.js';

export interface RunInput {
  readonly scenario: Scenario;
  readonly source: string;
  readonly seed: string;
  readonly mutants: readonly MutantName[];
  /** The scenario's faults were drawn by swarm mode (already applied to `scenario`). */
  readonly swarm: boolean;
}

export interface RunReport extends RunResult {
  readonly violationReport: ViolationReport | null;
  readonly input: RunInput;
}

export function specOf(input: RunInput): RunSpec {
  return compile(input.scenario, { seed: input.seed, source: input.source, mutants: input.mutants, swarm: input.swarm });
}

/** Reads a report.json written by `seqsim run`, checking that it has what replay needs. */
export function readRunReport(file: string): RunReport {
  const report = readJsonFile(file) as Partial<RunReport>;
  const input = report.input;
  if (typeof report.traceHash !== 'string' || input === undefined || typeof input.seed !== 'string' || typeof input.source !== 'string') {
    throw new InputError('BAD_REPORT', `${file}: not a seqsim run report (it needs "traceHash" and "input")`);
  }
  const scenario = scenarioSchema.safeParse(input.scenario);
  if (!scenario.success) throw new InputError('BAD_REPORT', `${file}: input.scenario is not a valid scenario`);
  const mutants = Array.isArray(input.mutants) ? input.mutants : [];
  const unknown = mutants.find((m) => !isMutantName(m));
  if (unknown !== undefined) throw new InputError('BAD_REPORT', `${file}: unknown mutant ${unknown}`);
  return { ...(report as RunReport), input: { ...input, scenario: scenario.data, mutants, swarm: input.swarm === true } };
}
