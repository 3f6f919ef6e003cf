// Property: whatever bytes a scenario file holds, loading answers with a scenario or one clear
// InputError, never another exception; the binary exits 0, 1 or 2 without a stack trace, and an
// exit 2 says it in at most three lines. Inputs: random bytes, truncated and byte-mutated copies
// of every shipped scenario, alias chains ("billion laughs"), deep nesting, and shipped scenarios
// with a field swapped for a value of the wrong type.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { estimateRun } from '../../src/scenario/budget.js';
import { InputError } from '../../src/scenario/errors.js';
import { loadScenario } from '../../src/scenario/load.js';
import { seqsim, type BinaryRun } from './binary.js';
import { scratchDir } from '../scratch.js';

const SHIPPED = readdirSync('scenarios')
  .filter((file) => file.endsWith('.yaml'))
  .map((file) => readFileSync(join('scenarios', file)));

const scratch = scratchDir('fuzz');
let written = 0;
function writeCase(bytes: Uint8Array): string {
  const file = join(scratch, `case-${written++}.yaml`);
  writeFileSync(file, bytes);
  return file;
}

const shipped = fc.constantFrom(...SHIPPED);

const randomBytes = fc.uint8Array({ maxLength: 2_000 });

const truncated = shipped.chain((bytes) => fc.nat({ max: bytes.length }).map((length) => bytes.subarray(0, length)));

const mutated = fc.tuple(shipped, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 })).map(([bytes, edits]) => {
  const copy = Uint8Array.from(bytes);
  for (const [position, value] of edits) copy[position % copy.length] = value;
  return copy;
});

/** Anchors that each alias the previous one `width` times, `levels` deep, used somewhere in a scenario. */
const aliasChain = fc.record({ levels: fc.integer({ min: 1, max: 12 }), width: fc.integer({ min: 1, max: 12 }), field: fc.constantFrom('description', 'faults', 'users', 'mutants') }).map(({ levels, width, field }) => {
  const lines = ['x0: &a0 [lol, lol, lol]'];
  for (let level = 1; level <= levels; level++) lines.push(`x${level}: &a${level} [${Array.from({ length: width }, () => `*a${level - 1}`).join(', ')}]`);
  lines.push(`${field}: *a${levels}`);
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
});

const deepNesting = fc.record({ depth: fc.integer({ min: 1, max: 3_000 }), style: fc.constantFrom('flow-list', 'flow-map', 'block-list', 'block-map') }).map(({ depth, style }) => {
  const text =
    style === 'flow-list'
      ? `faults: ${'['.repeat(depth)}${']'.repeat(depth)}`
      : style === 'flow-map'
        ? `users: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}`
        : style === 'block-list'
          ? `faults:\n  ${'- '.repeat(depth)}x`
          : Array.from({ length: Math.min(depth, 300) }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
  return new TextEncoder().encode(`${text}\n`);
});

const wrongValue = fc.oneof(fc.string({ maxLength: 12 }), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }));

/** A shipped scenario with one field, at any depth, replaced by a value that is probably of the wrong type. */
const wrongType = fc.tuple(shipped, fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), wrongValue).map(([bytes, picks, value]) => {
  const document = parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  let node: unknown = document;
  for (const [i, pick] of picks.entries()) {
    if (typeof node !== 'object' || node === null) break;
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[pick % keys.length]!;
    const child = (node as Record<string, unknown>)[key];
    if (i === picks.length - 1 || typeof child !== 'object' || child === null) {
      (node as Record<string, unknown>)[key] = value;
      break;
    }
    node = child;
  }
  return new TextEncoder().encode(stringify(document));
});

const scenarioBytes = fc.oneof(randomBytes, truncated, mutated, aliasChain, deepNesting, wrongType);

type Outcome = { loaded: true; events: number } | { loaded: false; message: string };

/** The CLI's loading path in-process: a scenario, or an InputError; anything else is a bug. */
function load(file: string): Outcome {
  try {
    const { scenario } = loadScenario(file);
    return { loaded: true, events: estimateRun(scenario).events };
  } catch (error) {
    if (error instanceof InputError) return { loaded: false, message: error.message };
    throw error;
  }
}

/** What every answer of the binary must look like. */
function expectClearAnswer(run: BinaryRun, file: string): void {
  expect([0, 1, 2], `${file}: ${run.err}`).toContain(run.code);
  expect(run.err, file).not.toMatch(/^\s+at /m);
  if (run.code === 2) expect(run.err.trimEnd().split('\n').length, run.err).toBeLessThanOrEqual(3);
}

describe('loading any bytes as a scenario', () => {
  it('gives a scenario or one line of InputError, in-process, for 400 inputs', () => {
    const kinds = { loaded: 0, refused: 0 };
    fc.assert(
      fc.property(scenarioBytes, (bytes) => {
        const outcome = load(writeCase(bytes));
        if (outcome.loaded) kinds.loaded++;
        else {
          kinds.refused++;
          expect(outcome.message).not.toContain('\n');
          expect(outcome.message).toMatch(/^\S/);
        }
      }),
      { numRuns: 400 },
    );
    // The generators reach both answers, so neither half of the property is vacuous.
    expect(kinds.loaded).toBeGreaterThanOrEqual(5);
    expect(kinds.refused).toBeGreaterThan(100);
  });

  it('gets exit 0, 1 or 2 from the binary, without a stack trace, for a sample', () => {
    const sample = fc.sample(scenarioBytes, { numRuns: 15 });
    let ran = 0;
    for (const bytes of sample) {
      const file = writeCase(bytes);
      const outcome = load(file);
      const validate = seqsim(['validate', file]);
      expectClearAnswer(validate, file);
      expect(validate.code, validate.err).toBe(outcome.loaded ? 0 : 2);
      // Cheap runs only: a mutated duration can make a scenario minutes long.
      if (outcome.loaded && outcome.events <= 50_000) {
        expectClearAnswer(seqsim(['run', file, '--no-html', '--out', join(scratch, `run-${ran++}`)]), file);
      }
    }
  });
});
