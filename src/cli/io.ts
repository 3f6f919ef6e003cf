// What a command needs from the outside world: where to print and whether to use colour.
import { Chalk, type ChalkInstance } from 'chalk';

export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly color: ChalkInstance;
  /** Whether stdout is a terminal (progress bars, colour). */
  readonly tty: boolean;
}

/** Colour only on a terminal, and never with NO_COLOR or --no-color. */
export function processIo(colorFlag: boolean): Io {
  const tty = process.stdout.isTTY === true;
  const wantColor = colorFlag && tty && (process.env['NO_COLOR'] ?? '') === '';
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    color: new Chalk({ level: wantColor ? 1 : 0 }),
    tty,
  };
}

/** Warnings go to stderr, one line each, so they never mix with --json output. */
export function warn(io: Io, warnings: readonly string[]): void {
  for (const warning of warnings) io.err(`seqsim: warning: ${warning}`);
}
