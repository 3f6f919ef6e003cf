// Finds a scenario by name (scenarios/<name>.yaml) or path, reads and parses its YAML within the
// caps, validates it against the schema, then against the world it builds and its budgets.
import { existsSync, readdirSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from './errors.js';
import { parseWithOverrides, parseOverrides, type Override } from './overrides.js';
import { parseYamlMapping } from './parseYaml.js';
import { readTextFile } from './readInput.js';
import type { Scenario } from './schema.js';
import { assertRunnable } from './validate.js';

/** The named scenarios shipped with seqsim. */
export const SCENARIOS_DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));

/** A scenario file larger than this is refused unread: the largest shipped one is under 4 KiB. */
export const MAX_SCENARIO_BYTES = 2 ** 20;

export interface LoadedScenario {
  readonly scenario: Scenario;
  /** How to name it again on a command line: its name if shipped, else its path. */
  readonly source: string;
  readonly file: string;
  /** What is legal but probably not meant (a fault that selects nobody), each naming the file. */
  readonly warnings: readonly string[];
  /** The `--set` overrides already applied to `scenario` (a swarm draw applies them again). */
  readonly overrides: readonly Override[];
}

/** Names of the shipped scenarios, sorted; `dir` is where they live (a test names another). */
export function scenarioNames(dir: string = SCENARIOS_DIR): string[] {
  // Without its scenarios seqsim is installed badly: say so, not with a stack trace from readdir.
  if (!existsSync(dir)) throw new InputError('BROKEN_INSTALL', `the shipped scenarios are missing: no directory ${dir}; reinstall seqsim`);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => basename(file, '.yaml'))
    .sort();
}

/** `set`: `--set path=value` overrides, applied before the schema checks the scenario. */
export function loadScenario(nameOrPath: string, set: readonly string[] = []): LoadedScenario {
  // The path is the source the replay command and the report name: a newline in it split both.
  if (/[\u0000-\u001f\u007f]/.test(nameOrPath)) throw new InputError('BAD_FILE', `${nameOrPath}: a control character in the path; rename the file`);
  const overrides = parseOverrides(set);
  const shipped = join(SCENARIOS_DIR, `${nameOrPath}.yaml`);
  // A bare word names a shipped scenario, unless there is none and a file or directory has the name.
  const looksLikePath = nameOrPath.includes('/') || nameOrPath.includes('\\') || extname(nameOrPath) !== '' || (!existsSync(shipped) && existsSync(nameOrPath));
  const file = looksLikePath ? resolve(nameOrPath) : shipped;
  if (!looksLikePath && !existsSync(file)) throw new InputError('UNKNOWN_SCENARIO', `${nameOrPath}: not a scenario; known: ${scenarioNames().join(', ')}`);
  const parsed = parseScenario(readTextFile(file, MAX_SCENARIO_BYTES), file, overrides);
  const scenario = { ...parsed, name: parsed.name ?? basename(file, extname(file)) };
  return { scenario, source: nameOrPath, file, warnings: assertRunnable(scenario, file), overrides };
}

/**
 * Parses scenario YAML, applies the `--set` overrides to it, and validates the result against the
 * schema; `file` names it in error messages (an override's own error names the override).
 */
export function parseScenario(text: string, file: string, overrides: readonly Override[] = []): Scenario {
  return parseWithOverrides(parseYamlMapping(text, file), overrides, file);
}

export { describeIssues } from './issues.js';
