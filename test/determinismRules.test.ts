// Simulation code may not read real time, real randomness or the real scheduler: the kernel's
// event loop is the only clock and the seed the only source of chance.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SIMULATION_DIRS = ['src/sim', 'src/system', 'src/faults', 'src/oracle'];

const FORBIDDEN: [RegExp, string][] = [
  [/Math\.random/, 'Math.random'],
  [/Date\.now/, 'Date.now'],
  [/new Date\(/, 'new Date'],
  [/performance\.now/, 'performance.now'],
  [/process\.hrtime/, 'process.hrtime'],
  [/\b(setTimeout|setInterval|setImmediate|queueMicrotask)\b/, 'real timers'],
  [/\bPromise\b/, 'Promise'],
  [/\basync\b|\bawait\b/, 'async/await'],
];

function forbiddenUses(source: string): string[] {
  const found: string[] = [];
  source.split('\n').forEach((line, index) => {
    const code = line.replace(/\/\/.*$/, '');
    if (/^\s*(\*|\/\*)/.test(code)) return;
    for (const [pattern, name] of FORBIDDEN) if (pattern.test(code)) found.push(`${index + 1}: ${name}`);
  });
  return found;
}

function sourceFiles(dir: string): string[] {
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(dir, file));
}

describe('determinism rules', () => {
  it('catches each forbidden use in a planted snippet, and ignores comments', () => {
    const planted = [
      'const a = Math.random();',
      'const b = Date.now();',
      'const c = new Date();',
      'const d = performance.now();',
      'const e = process.hrtime();',
      'setTimeout(() => {}, 1);',
      'const f = Promise.resolve();',
      'async function g() {}',
      '// Date.now in a comment is fine',
      ' * and so is setTimeout in a doc comment',
    ].join('\n');
    expect(forbiddenUses(planted)).toEqual([
      '1: Math.random',
      '2: Date.now',
      '3: new Date',
      '4: performance.now',
      '5: process.hrtime',
      '6: real timers',
      '7: Promise',
      '8: async/await',
    ]);
  });

  it('holds for all simulation code', () => {
    const files = SIMULATION_DIRS.flatMap(sourceFiles);
    expect(files.length).toBeGreaterThan(5);
    const violations = files.flatMap((file) => forbiddenUses(readFileSync(file, 'utf8')).map((use) => `${file}:${use}`));
    expect(violations).toEqual([]);
  });
});
