// The replicated log of a MsgStore shard, as Raft keeps one: log[i] is LSN i + 1, each entry
// stamped with the epoch of the primary that wrote it. Two logs holding an entry of the same epoch
// at the same LSN hold the same entries up to it (a primary writes each LSN once per epoch, and a
// replica takes entries only right after one that matches), so comparing the last entry's epoch,
// then the length, tells which of two logs is the more up to date.
import type { MemoryLog, ReadableLog } from './memoryLog.js';
import type { LogEntry } from './wire.js';

/**
 * Whether `log` can take entries after `prevLsn`: it must hold an entry of `prevEpoch` there. Returns
 * -1 if it can, else a hint: an LSN up to which the primary should look for agreement.
 */
export function mismatchAt(log: ReadableLog, prevLsn: number, prevEpoch: number): number {
  if (prevLsn > log.length) return log.length;
  if (prevLsn === 0 || log.at(prevLsn - 1)!.epoch === prevEpoch) return -1;
  // The whole run of the conflicting epoch is suspect: back up past it in one step.
  const epoch = log.at(prevLsn - 1)!.epoch;
  let lsn = prevLsn - 1;
  while (lsn > 0 && log.at(lsn - 1)!.epoch === epoch) lsn--;
  return lsn;
}

/**
 * Places `entries` after `prevLsn` (which matched): an entry already there is kept, and the first
 * that differs cuts the log there, everything after it with it. Returns the first LSN it changed, or
 * 0 if the log already held them all.
 */
export function place(log: MemoryLog, prevLsn: number, entries: readonly LogEntry[]): number {
  for (let i = 0; i < entries.length; i++) {
    const lsn = prevLsn + 1 + i;
    if (lsn <= log.length && log.at(lsn - 1)!.epoch === entries[i]!.epoch) continue;
    log.cut(lsn - 1);
    for (let j = i; j < entries.length; j++) log.push(entries[j]!);
    return lsn;
  }
  return 0;
}

/** Whether log `a` is at least as up to date as log `b`: its last entry's epoch, then its length. */
export function atLeastAsRecent(a: readonly LogEntry[], b: readonly LogEntry[]): boolean {
  const epochA = a.length === 0 ? 0 : a[a.length - 1]!.epoch;
  const epochB = b.length === 0 ? 0 : b[b.length - 1]!.epoch;
  return epochA !== epochB ? epochA > epochB : a.length >= b.length;
}

/** The epoch of the entry at `lsn` (0 before the first). */
export function epochAt(log: ReadableLog, lsn: number): number {
  return lsn === 0 ? 0 : log.at(lsn - 1)!.epoch;
}
