// scripts/mutate.mjs: mutation testing of the oracle. A mutant the oracle is known to catch (a
// MsgStore that answers no append when it commits: timeliness) must come out caught, the correct
// system's control run must pass, and the build it mutated must be left as it was.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../scratch.js';

const SCRIPT = 'scripts/mutate.mjs';
const scratch = scratchDir('mutate');
const mutate = (...args: string[]) => execFileSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('scripts/mutate.mjs', () => {
  it('catches a mutant the oracle sees, passes the correct system, and leaves dist as it was', () => {
    const listed = mutate('list', '--file', 'msgStore', '--json').trim().split('\n').map((line) => JSON.parse(line) as { id: string; kind: string; orig: string });
    const mutant = listed.find((m) => m.kind === 'delete' && m.orig === 'this.reply(job, job.seq, null);');
    expect(mutant, 'the reply after a commit').toBeDefined();
    const before = readFileSync('dist/system/msgStore.js', 'utf8');
    const out = join(scratch, 'results.jsonl');
    mutate('run', '--out', out, '--id', mutant!.id);
    const results = readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { id: string; survived?: boolean; events?: number; invariants?: string[] });
    expect(results.map((r) => r.id)).toEqual(['control', mutant!.id]);
    expect(results[0]!.survived).toBe(true);
    expect(results[0]!.events).toBeGreaterThan(0);
    expect(results[1]!.survived).toBeUndefined();
    expect(results[1]!.invariants).toContain('timeliness');
    expect(mutate('report', out)).toMatch(/^system\/msgStore\.js +1 +1 +0 +0$/m);
    // Resumable: nothing left to run.
    mutate('run', '--out', out, '--id', mutant!.id);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(2);
    expect(readFileSync('dist/system/msgStore.js', 'utf8')).toBe(before);
  }, 300_000);
});
