// seqsim as a library: `import { runScenario, loadScenario } from 'seqsim'`.
export { runScenario, runScenarioWithTrace, type RunScenarioOptions } from './api.js';
export { loadScenario, parseScenario, scenarioNames, type LoadedScenario } from './scenario/load.js';
export { InputError } from './scenario/errors.js';
export type { Scenario, ScenarioInput } from './scenario/schema.js';
export type { RunReport, RunInput } from './report/runReport.js';
export type { RunResult, RunOutcome } from './run/result.js';
export type { InvariantResult, MessageCounts } from './oracle/oracle.js';
export type { RunCost } from './oracle/cost.js';
export type { Violation } from './oracle/violation.js';
export { MUTANTS, type MutantName } from './system/mutants.js';
