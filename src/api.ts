// The library entry: run a scenario from your own code and get the same data as `seqsim run --json`.
import { isFaultKind, type FaultKind } from './faults/kinds.js';
import { isSwarmDraw, SWARM_DRAW_NAMES, type SwarmDraw } from './faults/swarmDraws.js';
import { diagnose, firstViolation, violationReport } from './run/diagnose.js';
import { runOne, type RunHandle } from './run/runOne.js';
import { seedScenario } from './run/seedScenario.js';
import type { RunReport, RunInput } from './report/runReport.js';
import { specOf } from './report/runReport.js';
import { InputError } from './scenario/errors.js';
import { loadScenario, type LoadedScenario } from './scenario/load.js';
import { parseOverrides, parseWithOverrides } from './scenario/overrides.js';
import type { Scenario } from './scenario/schema.js';
import { assertRunnable } from './scenario/validate.js';
import { isMutantName, type MutantName } from './system/mutants.js';

export interface RunScenarioOptions {
  /** Default "1". */
  readonly seed?: string | number;
  readonly mutants?: readonly string[];
  /**
   * Keep every trace event (for trace.jsonl and report.html); costs memory, and saves the replay a
   * failed run otherwise takes to explain its violation.
   */
  readonly keepTrace?: boolean;
  /** Replace the scenario's faults with this seed's swarm draw. */
  readonly swarm?: boolean;
  /** Which swarm draw: `targeted` (the default) or `classic`. */
  readonly swarmDraw?: string;
  /** Fault kinds the swarm draw leaves out (e.g. to show a bug needs one of them). */
  readonly swarmWithout?: readonly string[];
  /** `path=value` overrides of scenario fields, as `seqsim run --set` takes them (they win over a swarm draw). */
  readonly set?: readonly string[];
}

export interface ScenarioRun {
  readonly report: RunReport;
  /** The finished run: its simulation (and trace), world and oracle. */
  readonly handle: RunHandle;
}

/**
 * Runs one seed of a scenario: a shipped name or a file path, what loadScenario returned, or a
 * scenario object. A scenario that cannot run (a fault target that does not exist, a run over its
 * event budget or the memory cap) throws an InputError before it starts.
 */
export function runScenario(scenario: string | LoadedScenario | Scenario, options: RunScenarioOptions = {}): RunReport {
  return runScenarioWithTrace(scenario, options).report;
}

export function runScenarioWithTrace(scenario: string | LoadedScenario | Scenario, options: RunScenarioOptions = {}): ScenarioRun {
  const loaded = withOverrides(scenario, options.set ?? []);
  const keepAll = options.keepTrace === true;
  // Loading checked the scenario already (with a name or path, its overrides too), but not with the
  // cost of a kept trace; a bare scenario object, or overrides put on a loaded one, were never
  // checked. (A sweep runs thousands: no run pays for a check twice.)
  const checked = typeof scenario === 'string' || ('source' in scenario && (options.set ?? []).length === 0);
  if (!checked || keepAll) assertRunnable(loaded.scenario, loaded.source, { keepTrace: keepAll });
  const seed = String(options.seed ?? '1');
  const swarm = options.swarm === true;
  const swarmDraw = swarmDrawName(options.swarmDraw, swarm);
  const swarmWithout = faultKinds(options.swarmWithout ?? [], swarm);
  const input: RunInput = {
    scenario: seedScenario(loaded.scenario, loaded.overrides, seed, { swarm, draw: swarmDraw, without: swarmWithout }),
    source: loaded.source,
    seed,
    mutants: mutantNames(options.mutants ?? []),
    swarm,
    ...(swarm && swarmDraw !== undefined ? { swarmDraw } : {}),
    ...(swarmWithout.length > 0 ? { swarmWithout } : {}),
    set: loaded.overrides.map((override) => override.text),
  };
  const spec = specOf(input);
  const handle = runOne(spec, { keepAll });
  const { result } = handle;
  const violation = firstViolation(result);
  // With the full trace at hand the run explains itself; otherwise a replay keeps it.
  const report = violation === null ? null : keepAll ? violationReport(handle, result, violation, true) : diagnose(spec, result, violation);
  return { report: { ...result, violationReport: report, input }, handle };
}

/** The scenario with `set` applied: a name or path is loaded with it; a scenario object gets it on top. */
function withOverrides(scenario: string | LoadedScenario | Scenario, set: readonly string[]): Pick<LoadedScenario, 'scenario' | 'source' | 'overrides'> {
  if (typeof scenario === 'string') return loadScenario(scenario, set);
  const base = 'source' in scenario ? scenario : { scenario, source: scenario.name ?? 'scenario', overrides: [] };
  if (set.length === 0) return base;
  const extra = parseOverrides(set);
  return { scenario: parseWithOverrides(base.scenario, extra, base.source), source: base.source, overrides: [...base.overrides, ...extra] };
}

/** A swarm draw's name as given (undefined: the default); an unknown one, or one without --swarm, is bad input. */
export function swarmDrawName(name: string | undefined, swarm: boolean): SwarmDraw | undefined {
  if (name === undefined) return undefined;
  if (!swarm) throw new InputError('BAD_ARGUMENT', '--swarm-draw: only with --swarm');
  if (isSwarmDraw(name)) return name;
  throw new InputError('BAD_ARGUMENT', `--swarm-draw ${name}: unknown draw; expected ${SWARM_DRAW_NAMES.join(' or ')}`);
}

/** The fault kinds a swarm leaves out of its draw (--without-fault); none without --swarm. */
export function faultKinds(names: readonly string[], swarm: boolean): FaultKind[] {
  if (names.length > 0 && !swarm) throw new InputError('BAD_ARGUMENT', '--without-fault: only with --swarm');
  for (const name of names) if (!isFaultKind(name)) throw new InputError('BAD_ARGUMENT', `unknown fault kind "${name}"; see \`seqsim list --faults\``);
  return [...new Set(names)] as FaultKind[];
}

export function mutantNames(names: readonly string[]): MutantName[] {
  for (const name of names) if (!isMutantName(name)) throw new InputError('BAD_ARGUMENT', `unknown mutant "${name}"; see \`seqsim list --mutants\``);
  return [...new Set(names)] as MutantName[];
}
