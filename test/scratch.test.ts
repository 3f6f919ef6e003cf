// Test files make their scratch directories with scratchDir, which removes them afterwards: a
// directory made any other way outlives the run.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir } from './scratch.js';

const made = scratchDir('scratch-test');

describe('scratch directories', () => {
  it('are made empty under the temp directory', () => {
    expect(existsSync(made)).toBe(true);
    expect(relative(tmpdir(), made)).toMatch(/^seqsim-scratch-test-/);
    expect(readdirSync(made)).toEqual([]);
  });

  it('are made by scratchDir alone in every test file', () => {
    const files = readdirSync('test', { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts') && !['scratch.ts', 'scratch.test.ts'].includes(file));
    const direct = files.filter((file) => /\bmkdtemp(Sync)?\(/.test(readFileSync(join('test', file), 'utf8')));
    expect(direct).toEqual([]);
    expect(files.length).toBeGreaterThan(50);
  });
});
