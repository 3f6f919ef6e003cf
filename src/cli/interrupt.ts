// SIGINT and SIGTERM during a sweep or a hunt. The first asks it to stop: no new jobs, the running
// ones finish, and the command writes what finished. The second asks it to abort: running jobs are
// abandoned too, and the command still writes what finished. After that the signal has Node's
// default effect again, so a third ends the process at once.
import { constants } from 'node:os';
import type { Io } from './io.js';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export interface Interrupt {
  /** Aborted at the first signal. */
  readonly stop: AbortSignal;
  /** Aborted at the second. */
  readonly abort: AbortSignal;
  /** 128 + the first signal's number, as shells report it (130 for SIGINT, 143 for SIGTERM); null before any. */
  exitCode(): number | null;
  /** Hands the signals back to Node. */
  dispose(): void;
}

export function watchInterrupts(io: Io, command: string): Interrupt {
  const stop = new AbortController();
  const abort = new AbortController();
  let first: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    if (first === null) {
      first = signal;
      io.err(`${command}: ${signal}: no new runs; finishing the running ones, then writing what finished (${signal} again abandons them)`);
      stop.abort();
      return;
    }
    io.err(`${command}: ${signal} again: abandoning the runs in progress, writing what finished`);
    dispose();
    abort.abort();
  };
  const dispose = () => {
    for (const signal of SIGNALS) process.off(signal, onSignal);
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return {
    stop: stop.signal,
    abort: abort.signal,
    exitCode: () => (first === null ? null : 128 + constants.signals[first]),
    dispose,
  };
}
