// Writes a process made without syncing them: they sit in the OS page cache, on disk for every read
// but lost with the machine's power. A synced write (an fsync) flushes every earlier one, and the
// OS writes a dirty page back on its own within UNSYNCED_FLUSH_US (Linux's dirty_expire_centisecs
// is 30 s, its writeback wakes every 5 s: a page is gone only if it was written in the last 5 s).
// Each unsynced write brings the closure that undoes it exactly, so a power loss can roll back.

/** An unsynced write older than this has been written back by the OS: a power loss keeps it. */
export const UNSYNCED_FLUSH_US = 5_000_000;

export type Undo = () => void;

export class UnsyncedWrites {
  /** Per process: completion times and undo closures of the writes not yet flushed, oldest first. */
  private readonly doneUs: number[][] = [];
  private readonly undos: Undo[][] = [];

  /** An unsynced write of `process` completed at `nowUs`. */
  completed(process: number, nowUs: number, undo: Undo): void {
    const times = (this.doneUs[process] ??= []);
    const undos = (this.undos[process] ??= []);
    // Forget what the OS has written back already, so the list stays short.
    let flushed = 0;
    while (flushed < times.length && times[flushed]! <= nowUs - UNSYNCED_FLUSH_US) flushed++;
    if (flushed > 0) {
      times.splice(0, flushed);
      undos.splice(0, flushed);
    }
    times.push(nowUs);
    undos.push(undo);
  }

  /** A synced write of `process` completed: every earlier write of it is on the platter. */
  synced(process: number): void {
    const times = this.doneUs[process];
    if (times === undefined || times.length === 0) return;
    times.length = 0;
    this.undos[process]!.length = 0;
  }

  /** The power went: undoes, newest first, each write not yet flushed. Returns how many. */
  lose(process: number, nowUs: number): number {
    const times = this.doneUs[process] ?? [];
    const undos = this.undos[process] ?? [];
    let undone = 0;
    for (let i = times.length - 1; i >= 0 && times[i]! > nowUs - UNSYNCED_FLUSH_US; i--) {
      undos[i]!();
      undone++;
    }
    times.length = 0;
    undos.length = 0;
    return undone;
  }
}
