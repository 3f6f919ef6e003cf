// The built binary as a live child process, for tests that signal or kill it part way through:
// start it, wait until its journal holds enough runs, then see how it ended.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const BIN = 'dist/cli/main.js';

export interface Ended {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly out: string;
  readonly err: string;
  /** Wall time from start to exit. */
  readonly ms: number;
}

export interface Live {
  readonly pid: number;
  kill(signal: NodeJS.Signals): void;
  /** Whether it has not exited yet. */
  running(): boolean;
  readonly ended: Promise<Ended>;
  /** Everything written to stderr so far. */
  err(): string;
  /** Everything written to stdout so far. */
  out(): string;
}

export function start(args: readonly string[], env: Record<string, string> = {}): Live {
  const startMs = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  let exited = false;
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const ended = new Promise<Ended>((resolve) =>
    child.on('close', (code, signal) => {
      exited = true;
      resolve({ code, signal, out, err, ms: performance.now() - startMs });
    }),
  );
  return { pid: child.pid!, kill: (signal) => child.kill(signal), running: () => !exited, ended, err: () => err, out: () => out };
}

/** The same binary, run to its end. */
export function seqsim(args: readonly string[], env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Complete lines in a journal (the header counts as one); 0 before it exists. */
export function journalLines(file: string): number {
  if (!existsSync(file)) return 0;
  return readFileSync(file, 'utf8').split('\n').length - 1;
}

/** Waits (polling) until `ready()` holds; fails if the process ends first or the time runs out. */
export async function waitFor(live: Live, what: string, ready: () => boolean, timeoutMs = 120_000): Promise<void> {
  const deadlineMs = performance.now() + timeoutMs;
  while (!ready()) {
    if (!live.running()) throw new Error(`the process ended before ${what}: ${live.err()}`);
    if (performance.now() > deadlineMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}
