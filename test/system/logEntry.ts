// A log entry for unit tests of the log's pieces: a 1:1 message to `user`, its key `clientMsgId`.
import { Uint32List } from '../../src/sim/uint32List.js';
import type { LogEntries } from '../../src/system/logEntries.js';

/** A new entry in `entries`; returns its id. */
export function logEntry(entries: LogEntries, epoch: number, user: number, seq: number, clientMsgId: number): number {
  return entries.add(epoch, user, seq, { msgId: seq, fromUser: 0, fromDevice: 0, clientMsgId, toUser: user, group: -1, spam: false, textBytes: 1 });
}

/** A disk's log holding `ids`. */
export function diskLog(ids: readonly number[]): Uint32List {
  const log = new Uint32List();
  for (const id of ids) log.push(id);
  return log;
}
