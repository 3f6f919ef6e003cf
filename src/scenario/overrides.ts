// `--set <path>=<value>`: a scenario field or knob overridden from the command line. Overrides are
// applied to the scenario as written, before the schema checks it, so a bad path or value is
// refused the way a bad file is: one line naming the override and what was expected.
import type { z } from 'zod';
import { InputError } from './errors.js';
import { describeIssues, fieldName } from './issues.js';
import { scenarioSchema, type Scenario } from './schema.js';

export interface Override {
  /** As typed, e.g. `knobs.pageSize=20`: what the replay command repeats. */
  readonly text: string;
  /** Object keys, and array indices as numbers: `faults[0].at` and `faults.0.at` are [faults, 0, at]. */
  readonly path: readonly (string | number)[];
  readonly value: unknown;
}

/** Keys that would reach an object's prototype rather than a scenario field. */
const UNSAFE_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

/** Parses `path=value`: the value as JSON when it parses (20, false, [1,2], "text"), else as the string itself (2g). */
export function parseOverride(text: string): Override {
  const at = text.indexOf('=');
  const pathText = at < 0 ? '' : text.slice(0, at).trim();
  if (pathText === '') throw new InputError('BAD_ARGUMENT', `--set ${text}: expected <path>=<value>, e.g. --set knobs.pageSize=20`);
  const path = pathText
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
  const bad = path.find((segment) => segment === '' || UNSAFE_KEYS.has(String(segment)));
  if (bad !== undefined) throw new InputError('BAD_ARGUMENT', `--set ${text}: "${pathText}" is not a field path; write fields joined by dots, e.g. knobs.pageSize or faults[0].at`);
  return { text, path, value: parseValue(text.slice(at + 1)) };
}

export function parseOverrides(texts: readonly string[]): Override[] {
  return texts.map(parseOverride);
}

function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/**
 * A copy of `input` (a scenario as written, or a whole Scenario) with each override applied in
 * order. Missing objects on the way are created; a value in the way is replaced, so the schema
 * reports what that field expects.
 */
export function applyOverrides(input: object, overrides: readonly Override[]): Record<string, unknown> {
  const root = structuredClone(input) as Record<string, unknown>;
  for (const override of overrides) {
    let node: Record<string | number, unknown> = root;
    override.path.forEach((key, i) => {
      if (Array.isArray(node) && (typeof key !== 'number' || key > node.length)) {
        throw new InputError('BAD_ARGUMENT', `--set ${override.text}: ${fieldName(override.path.slice(0, i))} is a list of ${node.length}; expected an index from 0 to ${node.length}`);
      }
      if (i === override.path.length - 1) {
        node[key] = override.value;
        return;
      }
      const child = node[key];
      const container = typeof override.path[i + 1] === 'number' ? [] : {};
      if (typeof child !== 'object' || child === null || Array.isArray(child) !== Array.isArray(container)) node[key] = container;
      node = node[key] as Record<string | number, unknown>;
    });
  }
  return root;
}

/** Validates `input` after the overrides; a failure names the override it comes from, else `where` (the file). */
export function parseWithOverrides(input: object, overrides: readonly Override[], where: string): Scenario {
  const parsed = scenarioSchema.safeParse(overrides.length === 0 ? input : applyOverrides(input, overrides));
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    // The last override of a field is the one in effect.
    const override = [...overrides].reverse().find((o) => relates(o.path, issue));
    if (override !== undefined) throw new InputError('BAD_SCENARIO', `--set ${override.text}: ${describeIssue(issue)}`);
  }
  throw new InputError('BAD_SCENARIO', `${where}: ${describeIssues(parsed.error)}`);
}

/** An issue about an override; an unknown field is told the fields there are, a union each form it takes. */
function describeIssue(issue: z.core.$ZodIssue): string {
  const field = fieldName(issue.path);
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const forms = issue.errors.map((branch) => {
      const first = branch[0];
      if (first === undefined) return '';
      const message = first.message.replace(/^Invalid (input|option): /, '');
      return first.path.length === 0 ? message : `${fieldName(first.path)}: ${message}`;
    });
    return `${field}: ${forms.join(', or ')}`;
  }
  if (issue.code !== 'unrecognized_keys') return `${field}: ${issue.message}`;
  const fields = fieldsAt(issue.path);
  const known = fields === undefined ? '' : `; expected one of ${fields.join(', ')}`;
  return `${field}: no field ${issue.keys.map((key) => `"${key}"`).join(', ')}${known}`;
}

/** Whether the issue is about the override's field, a field inside it, or a field on its way. */
function relates(path: readonly (string | number)[], issue: z.core.$ZodIssue): boolean {
  const issuePath = issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key]) : [issue.path];
  return issuePath.some((p) => p.every((part, i) => i >= path.length || part === path[i]) || path.every((part, i) => i >= p.length || part === p[i]));
}

/** The field names the schema allows at `path` (an object's keys), if it is an object there. */
function fieldsAt(path: readonly PropertyKey[]): string[] | undefined {
  let schema = unwrap(scenarioSchema as unknown as z.ZodType);
  for (const part of path) {
    const def = schema._zod.def as { type: string; element?: z.ZodType; shape?: Record<string, z.ZodType> };
    const next = def.type === 'array' ? def.element : def.type === 'object' ? def.shape?.[String(part)] : undefined;
    if (next === undefined) return undefined;
    schema = unwrap(next);
  }
  const def = schema._zod.def as { type: string; shape?: Record<string, z.ZodType> };
  return def.type === 'object' ? Object.keys(def.shape ?? {}) : undefined;
}

/** The schema inside defaults, prefaults and optionals. */
function unwrap(schema: z.ZodType): z.ZodType {
  let inner = schema;
  for (let def = inner._zod.def as { innerType?: z.ZodType }; def.innerType !== undefined; def = inner._zod.def as { innerType?: z.ZodType }) inner = def.innerType;
  return inner;
}
