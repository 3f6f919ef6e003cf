// The loader's answer to every kind of bad file: one InputError naming the file and what was
// expected, whether the file system, the YAML parser or the scenario's shape refused it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/scenario/errors.js';
import { loadScenario, MAX_SCENARIO_BYTES, scenarioNames } from '../../src/scenario/load.js';
import { MAX_NESTING_DEPTH } from '../../src/scenario/parseYaml.js';
import { describeFsError } from '../../src/scenario/readInput.js';
import { scratchDir } from '../scratch.js';

const scratch = scratchDir('load');
function file(name: string, content: string | Uint8Array): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

/** The InputError loading `path` throws (the test fails if it loads or throws anything else). */
function refusal(path: string): InputError {
  try {
    loadScenario(path);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error(`${path} loaded`);
}

/** `depth` nested flow lists under faults: */
const nested = (depth: number) => `faults: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;

/** Anchors that each alias the previous one `width` times, `levels` deep. */
function aliasChain(levels: number, width: number): string {
  const lines = ['a0: &a0 [lol, lol]'];
  for (let level = 1; level <= levels; level++) lines.push(`a${level}: &a${level} [${Array.from({ length: width }, () => `*a${level - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\ndescription: *a${levels}\n`;
}

describe('loading a scenario file', () => {
  const directory = join(scratch, 'a-directory');
  mkdirSync(directory);
  const cases: [string, string, RegExp][] = [
    ['a missing file', join(scratch, 'missing.yaml'), /missing\.yaml: no such file/],
    ['a directory', directory, /a-directory: is a directory, expected a file/],
    ['a file over the size cap', file('big.yaml', `description: "${'x'.repeat(MAX_SCENARIO_BYTES)}"\n`), /big\.yaml: larger than the 1 MiB limit/],
    ['a binary file', file('binary.yaml', Uint8Array.from([0x64, 0x3a, 0x00, 0xff])), /binary\.yaml: a NUL byte at offset 2; expected UTF-8 text/],
    ['invalid UTF-8', file('latin1.yaml', Uint8Array.from([...new TextEncoder().encode('description: caf'), 0xe9, 0x0a])), /latin1\.yaml: not valid UTF-8/],
    ['an empty file', file('empty.yaml', ''), /empty\.yaml: is empty \(no YAML content\); write \{\} for a scenario with every default/],
    ['comments only', file('comments.yaml', '# a scenario, one day\n\n   \n'), /comments\.yaml: is empty/],
    ['a list', file('list.yaml', '- durationMs: 1000\n'), /list\.yaml: the top level is a list; expected a mapping of scenario fields/],
    ['a number', file('number.yaml', '42\n'), /number\.yaml: the top level is a number \(42\)/],
    ['null', file('null.yaml', '~\n'), /null\.yaml: the top level is null/],
    ['two documents', file('two.yaml', 'durationMs: 1000\n---\ndurationMs: 2000\n'), /two\.yaml: holds several YAML documents/],
    ['nesting past the cap', file('deep.yaml', nested(MAX_NESTING_DEPTH + 1)), /deep\.yaml: nested more than 64 levels deep/],
    ['nesting thousands deep', file('deeper.yaml', nested(5_000)), /deeper\.yaml: nested more than 64 levels deep/],
    ['a billion laughs', file('laughs.yaml', aliasChain(9, 9)), /laughs\.yaml: aliases expand too far .*; at most 100 alias expansions/],
    ['a field of the wrong type', file('type.yaml', 'users: { count: many }\n'), /type\.yaml: users\.count: Invalid input: expected number, received string/],
    ['a time past a year', file('forever.yaml', 'durationMs: 1e308\n'), /forever\.yaml: durationMs: at most 31,536,000,000 ms \(a year of virtual time\)/],
    ['a knob past a year', file('slow.yaml', 'knobs: { heartbeatIntervalMs: 4e10 }\n'), /slow\.yaml: knobs\.heartbeatIntervalMs: at most 31,536,000,000 ms/],
  ];
  it.each(cases)('refuses %s with one line naming the file', (_what, path, message) => {
    const error = refusal(path);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
  });

  it('accepts what the caps allow: {} for every default, nesting at the cap, a reused anchor', () => {
    expect(loadScenario(file('defaults.yaml', '{}\n')).scenario.users.count).toBe(20);
    // At the cap the depth passes; the schema then refuses the shape (faults of empty lists).
    expect(refusal(file('at-cap.yaml', nested(MAX_NESTING_DEPTH))).message).toMatch(/at-cap\.yaml: faults\[0\]: Invalid input/);
    const reused = 'faults:\n  - &crash { at: 1000, for: 500, kind: crash, target: sendsvr-0 }\n  - *crash\n';
    expect(loadScenario(file('aliases.yaml', reused)).scenario.faults).toHaveLength(2);
  });

  it('keeps a message on one line whatever the input holds', () => {
    const error = refusal(file('newline.yaml', '"a\\nkey\\twith breaks": 1\n'));
    expect(error.message).toContain('a\\nkey\\u0009with breaks');
    expect(error.message).not.toContain('\n');
  });

  it('says what an errno means, not what Node calls it', () => {
    const errno = (code: string) => Object.assign(new Error(`${code}: something, open 'x'`), { code });
    expect(describeFsError(errno('EACCES'))).toBe('permission denied');
    expect(describeFsError(errno('ENOENT'))).toBe('no such file');
    expect(describeFsError(errno('EISDIR'))).toBe('is a directory, expected a file');
    expect(describeFsError(errno('EIO'))).toBe('EIO');
  });

  it('says the install is broken when the shipped scenarios are missing', () => {
    const gone = join(scratch, 'no-scenarios-here');
    expect(() => scenarioNames(gone)).toThrow(InputError);
    expect(() => scenarioNames(gone)).toThrow(/shipped scenarios are missing: no directory .*no-scenarios-here; reinstall seqsim/);
    expect(scenarioNames()).toContain('baseline');
  });

  it.skipIf(process.getuid?.() === 0)('refuses a file it may not read (as root every file is readable)', async () => {
    const { chmodSync } = await import('node:fs');
    const locked = file('locked.yaml', '{}\n');
    chmodSync(locked, 0o000);
    expect(refusal(locked).message).toMatch(/locked\.yaml: permission denied/);
  });
});
