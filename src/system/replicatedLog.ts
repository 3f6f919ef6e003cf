// The replicated log of a MsgStore shard, as Raft keeps one: log[i] is LSN i + 1, each entry
// stamped with the epoch of the primary that wrote it. Two logs holding an entry of the same epoch
// at the same LSN hold the same entries up to it (a primary writes each LSN once per epoch, and a
// replica takes entries only right after one that matches), so comparing the last entry's epoch,
// then the length, tells which of two logs is the more up to date. Logs hold entry ids
// (logEntries.ts); `entries` reads them.
import type { LogEntries } from './logEntries.js';
import type { MemoryLog, ReadableLog } from './memoryLog.js';

/**
 * Whether `log` can take entries after `prevLsn`: it must hold an entry of `prevEpoch` there. Returns
 * -1 if it can, else a hint: an LSN up to which the primary should look for agreement.
 */
export function mismatchAt(entries: LogEntries, log: ReadableLog, prevLsn: number, prevEpoch: number): number {
  if (prevLsn > log.length) return log.length;
  if (prevLsn === 0 || epochAt(entries, log, prevLsn) === prevEpoch) return -1;
  // The whole run of the conflicting epoch is suspect: back up past it in one step.
  const epoch = epochAt(entries, log, prevLsn);
  let lsn = prevLsn - 1;
  while (lsn > 0 && epochAt(entries, log, lsn) === epoch) lsn--;
  return lsn;
}

/**
 * Places `batch` after `prevLsn` (which matched): an entry already there is kept, and the first
 * that differs cuts the log there, everything after it with it. Returns the first LSN it changed, or
 * 0 if the log already held them all.
 */
export function place(entries: LogEntries, log: MemoryLog, prevLsn: number, batch: readonly number[]): number {
  for (let i = 0; i < batch.length; i++) {
    const lsn = prevLsn + 1 + i;
    if (lsn <= log.length && epochAt(entries, log, lsn) === entries.epoch(batch[i]!)) continue;
    log.cut(lsn - 1);
    for (let j = i; j < batch.length; j++) log.push(batch[j]!);
    return lsn;
  }
  return 0;
}

/** Whether log `a` is at least as up to date as log `b`: its last entry's epoch, then its length. */
export function atLeastAsRecent(entries: LogEntries, a: ReadableLog, b: ReadableLog): boolean {
  const epochA = epochAt(entries, a, a.length);
  const epochB = epochAt(entries, b, b.length);
  return epochA !== epochB ? epochA > epochB : a.length >= b.length;
}

/** The epoch of the entry at `lsn` (0 before the first). */
export function epochAt(entries: LogEntries, log: ReadableLog, lsn: number): number {
  return lsn === 0 ? 0 : entries.epoch(log.at(lsn - 1)!);
}
