// Reads a JSON file a person named on the command line and checks its shape; a missing,
// unreadable, malformed or wrongly shaped file is bad input, and a file of the other kind (a
// sweep result where a run report was wanted, or the reverse) is named as such.
import type { z } from 'zod';
import { InputError } from '../scenario/errors.js';
import { describeIssues } from '../scenario/load.js';
import { readTextFile } from '../scenario/readInput.js';

/** The largest JSON input: about the longest string Node can hold (a sweep file of about 170,000 runs; see MAX_FILED_SWEEP_RUNS). */
const MAX_JSON_BYTES = 500 * 2 ** 20;

/** The files seqsim writes and reads back, and how to tell them apart. */
const KINDS = {
  'run report': { noun: 'a seqsim run report', keys: ['traceHash', 'input'], writer: 'the report.json of `seqsim run`' },
  'sweep result': { noun: 'a sweep result', keys: ['runs', 'summary'], writer: 'a file written by `seqsim check --json` or `seqsim merge --json`' },
} as const;

export type JsonKind = keyof typeof KINDS;

export function readJsonFile<T>(file: string, kind: JsonKind, shape: z.ZodType<T>): T {
  const text = readTextFile(file, MAX_JSON_BYTES);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError('BAD_REPORT', `${file}: not JSON (${(error as Error).message}); expected ${KINDS[kind].writer}`);
  }
  const parsed = shape.safeParse(data);
  if (parsed.success) return parsed.data;
  const other = (Object.keys(KINDS) as JsonKind[]).find((k) => k !== kind && hasKeys(data, KINDS[k].keys));
  if (other !== undefined) throw new InputError('BAD_REPORT', `${file}: ${KINDS[other].noun}, not ${KINDS[kind].noun}; expected ${KINDS[kind].writer}`);
  const needs = KINDS[kind].keys.map((key) => `"${key}"`).join(' and ');
  throw new InputError('BAD_REPORT', `${file}: not ${KINDS[kind].noun} (it needs ${needs}): ${describeIssues(parsed.error)}`);
}

function hasKeys(data: unknown, keys: readonly string[]): boolean {
  return typeof data === 'object' && data !== null && keys.every((key) => key in data);
}
