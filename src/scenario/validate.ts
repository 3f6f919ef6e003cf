// What the schema alone cannot see, checked before a run starts: fault targets against the world
// the scenario builds, a device link that can carry the longest message, a connect timeout the link
// leaves room for (a warning), and whether the run fits its event budget and the heap.
import { getHeapStatistics } from 'node:v8';
import { budgetErrors, estimateRun } from './budget.js';
import { InputError } from './errors.js';
import { connectFitWarnings } from './connectFit.js';
import { checkFaultTargets, type Findings } from './faultTargets.js';
import { knobFitErrors } from './knobFit.js';
import { linkFitErrors } from './linkFit.js';
import type { Scenario } from './schema.js';

export interface RunnableOptions {
  /** The run will keep its full trace (report.html, --trace). */
  readonly keepTrace?: boolean;
}

/** The longest scenario name: reports use it in file names and table cells. */
const NAME_MAX_CHARS = 100;

/**
 * A scenario's name (its file's, by default) keys the sweep's tables and names report files: no
 * control characters (they broke the JUnit XML and reached the terminal raw), and no key every
 * JavaScript object already has (a scenario named __proto__ rewrote a summary's prototype).
 */
function nameErrors(name: string | undefined): string[] {
  if (name === undefined) return [];
  if (/[\u0000-\u001f\u007f]/.test(name)) return ['name: a control character in it; use printable characters'];
  if (name.length > NAME_MAX_CHARS) return [`name: ${name.length} characters, over ${NAME_MAX_CHARS}`];
  if (name in Object.prototype) return [`name: "${name}" is a name every JavaScript object has; choose another`];
  return [];
}

/** A workload that starts when the run is over sends nothing, and the run passes having tested nothing. */
function workloadWarnings(scenario: Scenario): string[] {
  const { startMs } = scenario.workload;
  return startMs >= scenario.durationMs ? [`workload.startMs: ${startMs} is at or after durationMs ${scenario.durationMs}, when the workload ends, so no message is sent`] : [];
}

export function scenarioFindings(scenario: Scenario, options: RunnableOptions = {}): Findings {
  const targets = checkFaultTargets(scenario);
  const budget = budgetErrors(scenario, estimateRun(scenario), { heapLimitBytes: getHeapStatistics().heap_size_limit, keepTrace: options.keepTrace === true });
  return { errors: [...nameErrors(scenario.name), ...targets.errors, ...linkFitErrors(scenario), ...knobFitErrors(scenario), ...budget], warnings: [...targets.warnings, ...connectFitWarnings(scenario), ...workloadWarnings(scenario)] };
}

/** Throws an InputError naming `file` if the scenario cannot run; returns its warnings, each naming `file`. */
export function assertRunnable(scenario: Scenario, file: string, options: RunnableOptions = {}): string[] {
  const findings = scenarioFindings(scenario, options);
  if (findings.errors.length > 0) throw new InputError('BAD_SCENARIO', `${file}: ${findings.errors.join('; ')}`);
  return findings.warnings.map((warning) => `${file}: ${warning}`);
}
