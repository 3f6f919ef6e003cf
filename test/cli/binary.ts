// The built binary as a subprocess, and what a refusal of bad input must look like.
import { spawnSync } from 'node:child_process';
import { expect } from 'vitest';

export interface BinaryRun {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/** A command that hangs fails its test (no exit code) rather than stalling the suite. */
const HANG_MS = 60_000;

export function seqsim(args: readonly string[]): BinaryRun {
  const run = spawnSync(process.execPath, ['dist/cli/main.js', ...args], { encoding: 'utf8', timeout: HANG_MS });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

/** Exit 2, one line on stderr matching `message`, nothing on stdout, no stack frames. */
export function expectRefusal(run: BinaryRun, message: RegExp): void {
  expect(run.code, run.err).toBe(2);
  expect(run.err).toMatch(/^seqsim: [^\n]*\n$/);
  expect(run.err).toMatch(message);
  expect(run.err).not.toMatch(/^\s+at /m);
  expect(run.out).toBe('');
}
