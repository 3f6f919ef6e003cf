// Finds a scenario by name (scenarios/<name>.yaml) or path, reads and parses its YAML within the
// caps, validates it against the schema, then against the world it builds and its budgets.
import { existsSync, readdirSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { InputError } from './errors.js';
import { parseYamlMapping } from './parseYaml.js';
import { readTextFile } from './readInput.js';
import { scenarioSchema, type Scenario } from './schema.js';
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
}

/** Names of the shipped scenarios, sorted. */
export function scenarioNames(): string[] {
  return readdirSync(SCENARIOS_DIR)
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => basename(file, '.yaml'))
    .sort();
}

export function loadScenario(nameOrPath: string): LoadedScenario {
  const shipped = join(SCENARIOS_DIR, `${nameOrPath}.yaml`);
  // A bare word names a shipped scenario, unless there is none and a file or directory has the name.
  const looksLikePath = nameOrPath.includes('/') || nameOrPath.includes('\\') || extname(nameOrPath) !== '' || (!existsSync(shipped) && existsSync(nameOrPath));
  const file = looksLikePath ? resolve(nameOrPath) : shipped;
  if (!looksLikePath && !existsSync(file)) throw new InputError('UNKNOWN_SCENARIO', `${nameOrPath}: not a scenario; known: ${scenarioNames().join(', ')}`);
  const parsed = parseScenario(readTextFile(file, MAX_SCENARIO_BYTES), file);
  const scenario = { ...parsed, name: parsed.name ?? basename(file, extname(file)) };
  return { scenario, source: nameOrPath, file, warnings: assertRunnable(scenario, file) };
}

/** Parses and validates scenario YAML against the schema; `file` names it in error messages. */
export function parseScenario(text: string, file: string): Scenario {
  const parsed = scenarioSchema.safeParse(parseYamlMapping(text, file));
  if (!parsed.success) throw new InputError('BAD_SCENARIO', `${file}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** The first few schema issues, each as field: problem, on one line. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const field = issue.path.length === 0 ? '(top level)' : issue.path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`)).join('');
      return `${field}: ${issue.message}`;
    })
    .join('; ');
}
