// A log entry for unit tests of the log's pieces: a 1:1 message to `user`, its key `clientMsgId`.
import type { LogEntry } from '../../src/system/wire.js';

export function logEntry(epoch: number, user: number, seq: number, clientMsgId: number): LogEntry {
  return { epoch, user, seq, message: { msgId: seq, fromUser: 0, fromDevice: 0, clientMsgId, toUser: user, group: -1, spam: false, textBytes: 1 } };
}
