// A process that does what the test tells it and logs everything that reaches it.
import type { Connection } from '../../src/sim/connection.js';
import { Process } from '../../src/sim/process.js';
import type { SimMessage } from '../../src/sim/simulation.js';

export interface Note extends SimMessage {
  readonly type: 'note';
  readonly n: number;
}

export class Recorder extends Process<Note, { written: number[] }> {
  /** Outside the process: survives crashes, so tests can read what happened. */
  readonly log: string[] = [];
  /** Volatile: must be gone after a crash. */
  volatileCounter = 0;
  starts = 0;
  onTimerDo: ((tag: number) => void) | undefined;

  constructor(name: string, netClass = 'node') {
    super(name, netClass, { written: [] });
  }

  start(restarted: boolean): void {
    this.volatileCounter = 0;
    this.starts++;
    this.log.push(`start ${restarted ? 'restarted' : 'fresh'} @${this.nowUs}`);
  }
  override onTimer(tag: number): void {
    this.log.push(`timer ${tag} @${this.nowUs}`);
    this.onTimerDo?.(tag);
  }
  override onDiskWritten(tag: number): void {
    this.log.push(`disk ${tag} @${this.nowUs}`);
  }
  override onMessage(from: number, message: Note): void {
    this.log.push(`msg ${message.n} from ${from} @${this.nowUs}`);
  }
  override onConnOpen(conn: Connection): void {
    this.log.push(`open ${conn.id}`);
  }
  override onConnMessage(conn: Connection, message: Note): void {
    this.log.push(`conn ${conn.id} msg ${message.n}`);
  }
  override onConnClosed(conn: Connection): void {
    this.log.push(`closed ${conn.id}`);
  }

  write(value: number, tag = value): void {
    this.persist((durable) => durable.written.push(value), tag);
  }

  note(n: number): Note {
    return { type: 'note', n };
  }
}

export function entries(log: readonly string[], prefix: string): string[] {
  return log.filter((line) => line.startsWith(prefix));
}
