// Every entry of every MsgStore log in a world, by id, in columns. An entry is made once and never
// changes, so the logs (on each replica's disk and in its memory, and in a replication batch) hold
// its id, as they would hold a reference to an immutable object: the same id, the same entry. A new
// primary that writes its tail again in its own epoch makes new entries.
//
// As an object an entry cost 56 bytes, and a million messages make two million of them (an entry in
// the sender's inbox and one in the recipient's); in columns it is 20, and a log holds 4-byte ids.
import type { ChatMessage } from './wire.js';

/** Entries per chunk: columns grow a chunk at a time, never copied. */
const CHUNK_BITS = 10;
const CHUNK_SIZE = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_SIZE - 1;

export class LogEntries {
  private readonly epochs: Uint32Array[] = [];
  private readonly users: Int32Array[] = [];
  private readonly seqs: Uint32Array[] = [];
  private readonly messages: ChatMessage[][] = [];
  private count = 0;

  /** How many entries were made. */
  get size(): number {
    return this.count;
  }

  /** A new entry: `message` at `seq` in `user`'s inbox, written by the primary of `epoch`. Returns its id. */
  add(epoch: number, user: number, seq: number, message: ChatMessage): number {
    const id = this.count++;
    const chunk = id >>> CHUNK_BITS;
    if (chunk === this.epochs.length) {
      this.epochs.push(new Uint32Array(CHUNK_SIZE));
      this.users.push(new Int32Array(CHUNK_SIZE));
      this.seqs.push(new Uint32Array(CHUNK_SIZE));
      this.messages.push([]);
    }
    const at = id & CHUNK_MASK;
    this.epochs[chunk]![at] = epoch;
    this.users[chunk]![at] = user;
    this.seqs[chunk]![at] = seq;
    this.messages[chunk]!.push(message);
    return id;
  }

  /** The epoch of the primary that wrote entry `id`. */
  epoch(id: number): number {
    return this.epochs[id >>> CHUNK_BITS]![id & CHUNK_MASK]!;
  }

  /** Whose inbox entry `id` is in. */
  user(id: number): number {
    return this.users[id >>> CHUNK_BITS]![id & CHUNK_MASK]!;
  }

  seq(id: number): number {
    return this.seqs[id >>> CHUNK_BITS]![id & CHUNK_MASK]!;
  }

  message(id: number): ChatMessage {
    return this.messages[id >>> CHUNK_BITS]![id & CHUNK_MASK]!;
  }
}
