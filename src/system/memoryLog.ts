// A MsgStore replica's log in memory: every entry its disk holds, then the entries whose writes are
// still under way. Kept whole beside the disk's list, it held each entry twice on each replica
// (3 replicas, 2 inbox entries per message: 60 bytes a message, measured at 10,000 users). Here
// memory reads the disk's list up to where the two agree and keeps only the entries past that: a
// few writes' worth, unless a replica has just cut its log.
//
// The disk changes only by a completed write (or a power loss's undo, after which the process
// starts again from its disk). A write that cuts the disk below where memory shares it would take
// entries memory still holds: `beforeDiskCut` copies them out first.
//
// Both hold entry ids (logEntries.ts).
import type { Uint32List } from '../sim/uint32List.js';

/** A log of entry ids read by index (0-based: index i is LSN i + 1), as the disk's list or a MemoryLog is. */
export interface ReadableLog {
  readonly length: number;
  at(index: number): number | undefined;
}

export class MemoryLog implements ReadableLog {
  /** Entries 0..shared are the disk's, read there. */
  private shared: number;
  /** Entries shared.. (its first entry is index `shared`). */
  private tail: number[] = [];

  constructor(private readonly disk: Uint32List) {
    this.shared = disk.length;
  }

  get length(): number {
    return this.shared + this.tail.length;
  }

  at(index: number): number | undefined {
    return index < this.shared ? this.disk.at(index) : this.tail[index - this.shared];
  }

  /** Appends an entry (its id); returns the new length (its LSN). */
  push(entry: number): number {
    this.tail.push(entry);
    return this.length;
  }

  /** Drops every entry past the first `length`. */
  cut(length: number): void {
    if (length >= this.length) return;
    if (length >= this.shared) this.tail.length = length - this.shared;
    else {
      this.shared = length;
      this.tail.length = 0;
    }
  }

  /** Entries from index `from` up to (not including) `to`, as a new array. */
  slice(from: number, to: number = this.length): number[] {
    const entries: number[] = [];
    for (let i = from; i < to; i++) entries.push(this.at(i)!);
    return entries;
  }

  /** A write is about to cut the disk's log to `length`: memory keeps its own copy of what it shared past there. */
  beforeDiskCut(length: number): void {
    if (length >= this.shared) return;
    this.tail = this.disk.slice(length, this.shared).concat(this.tail);
    this.shared = length;
  }

  /** A write landed on the disk: memory shares what now agrees. */
  afterDiskWrite(): void {
    while (this.tail.length > 0 && this.shared < this.disk.length && this.disk.at(this.shared) === this.tail[0]) {
      this.tail.shift();
      this.shared++;
    }
  }
}
