// A MsgStore primary's idempotency index: (inbox user, message key) -> the committed entry, named by
// its LSN in the primary's log. Every committed entry has one, so at a million messages it holds two
// million: a Map per user cost about 62 bytes an entry. This open-addressed table in typed arrays
// keeps 8 bytes a slot, the LSN and a 32-bit hash of the pair; the entry itself says whose inbox it
// is in, its key and its seq, and is read only when the hashes agree. Entries are only added: a
// restart builds a new index from the log.
import type { LogEntries } from './logEntries.js';
import type { ReadableLog } from './memoryLog.js';
import { messageKey } from './wire.js';

/** Marks a free slot: LSNs count from 1. */
const FREE = 0;
const INITIAL_CAPACITY = 64;

export class InboxKeys {
  private lsns = new Uint32Array(INITIAL_CAPACITY);
  private hashes = new Uint32Array(INITIAL_CAPACITY);
  /** log2 of the capacity: the hash's top bits pick the home slot. */
  private bits = Math.log2(INITIAL_CAPACITY);
  private count = 0;

  constructor(
    /** The log the LSNs index; an entry, once indexed, stays at its LSN. */
    private readonly log: ReadableLog,
    private readonly entries: LogEntries,
  ) {}

  get size(): number {
    return this.count;
  }

  /** The seq of the entry indexed for (user, key), or undefined. */
  get(user: number, key: number): number | undefined {
    const lsn = this.lsns[this.find(user, key, hashOf(user, key))]!;
    return lsn === FREE ? undefined : this.entries.seq(this.idAt(lsn));
  }

  /** The entry at `lsn` answers for its inbox and key from now on (an earlier one for them no longer does). */
  index(lsn: number): void {
    if (!(Number.isInteger(lsn) && lsn > 0 && lsn <= this.log.length)) throw new RangeError(`InboxKeys: no entry at LSN ${lsn}`);
    const id = this.idAt(lsn);
    const user = this.entries.user(id);
    const key = messageKey(this.entries.message(id));
    const hash = hashOf(user, key);
    const slot = this.find(user, key, hash);
    const isNew = this.lsns[slot] === FREE;
    this.lsns[slot] = lsn;
    this.hashes[slot] = hash;
    // Kept at most three quarters full, so that probe runs stay short.
    if (isNew && ++this.count * 4 > this.lsns.length * 3) this.grow();
  }

  private idAt(lsn: number): number {
    return this.log.at(lsn - 1)!;
  }

  /** The slot holding (user, key), or the free slot where it would go. */
  private find(user: number, key: number, hash: number): number {
    const { lsns, hashes } = this;
    const mask = lsns.length - 1;
    let slot = hash >>> (32 - this.bits);
    for (;;) {
      const lsn = lsns[slot]!;
      if (lsn === FREE) return slot;
      if (hashes[slot] === hash) {
        const id = this.idAt(lsn);
        if (this.entries.user(id) === user && messageKey(this.entries.message(id)) === key) return slot;
      }
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const { lsns, hashes } = this;
    this.bits++;
    this.lsns = new Uint32Array(lsns.length * 2);
    this.hashes = new Uint32Array(lsns.length * 2);
    const mask = this.lsns.length - 1;
    for (let slot = 0; slot < lsns.length; slot++) {
      if (lsns[slot] === FREE) continue;
      // Every pair is distinct: its place is the first free slot from its home.
      let to = hashes[slot]! >>> (32 - this.bits);
      while (this.lsns[to] !== FREE) to = (to + 1) & mask;
      this.lsns[to] = lsns[slot]!;
      this.hashes[to] = hashes[slot]!;
    }
  }
}

/** Mixes the user and both 32-bit halves of the key (a counter key varies only in its low bits). */
export function hashOf(user: number, key: number): number {
  const mixed = (key | 0) ^ Math.imul((key / 4294967296) | 0, 0x27d4eb2d) ^ Math.imul(user, 0x85ebca6b);
  return Math.imul(mixed ^ (mixed >>> 15), 0x9e3779b1) >>> 0;
}
