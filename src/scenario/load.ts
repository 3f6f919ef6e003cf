// Finds a scenario by name (scenarios/<name>.yaml) or path, parses its YAML and validates it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { InputError } from './errors.js';
import { scenarioSchema, type Scenario } from './schema.js';

/** The named scenarios shipped with seqsim. */
export const SCENARIOS_DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));

export interface LoadedScenario {
  readonly scenario: Scenario;
  /** How to name it again on a command line: its name if shipped, else its path. */
  readonly source: string;
  readonly file: string;
}

/** Names of the shipped scenarios, sorted. */
export function scenarioNames(): string[] {
  return readdirSync(SCENARIOS_DIR)
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => basename(file, '.yaml'))
    .sort();
}

export function loadScenario(nameOrPath: string): LoadedScenario {
  const looksLikePath = nameOrPath.includes('/') || nameOrPath.includes('\\') || extname(nameOrPath) !== '';
  const file = looksLikePath ? resolve(nameOrPath) : join(SCENARIOS_DIR, `${nameOrPath}.yaml`);
  if (!existsSync(file)) {
    const hint = looksLikePath ? 'no such file' : `not a scenario; known: ${scenarioNames().join(', ')}`;
    throw new InputError('UNKNOWN_SCENARIO', `${nameOrPath}: ${hint}`);
  }
  const scenario = parseScenario(readFileSync(file, 'utf8'), file);
  const name = scenario.name ?? basename(file, extname(file));
  return { scenario: { ...scenario, name }, source: nameOrPath, file };
}

/** Parses and validates scenario YAML; `file` names it in error messages. */
export function parseScenario(text: string, file: string): Scenario {
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    const error = document.errors[0]!;
    const where = error.linePos?.[0] ? `:${error.linePos[0].line}:${error.linePos[0].col}` : '';
    throw new InputError('BAD_YAML', `${file}${where}: malformed YAML: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  const parsed = scenarioSchema.safeParse(document.toJS() ?? {});
  if (!parsed.success) throw new InputError('BAD_SCENARIO', `${file}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const field = issue.path.length === 0 ? '(top level)' : issue.path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`)).join('');
      return `${field}: ${issue.message}`;
    })
    .join('; ');
}
