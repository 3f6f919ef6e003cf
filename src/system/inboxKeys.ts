// A MsgStore primary's idempotency index: (inbox user, message key) -> the seq it committed at.
// Every committed entry has one, so at a million messages it holds two million: a Map per user
// cost about 62 bytes an entry, this open-addressed table in typed arrays 16 bytes a slot (21-43
// an entry at its load). Entries are only added: a restart builds a new index from the log.

/** Marks a free slot: user ids are never negative. */
const FREE = -1;
const INITIAL_CAPACITY = 64;

export class InboxKeys {
  private users = new Int32Array(INITIAL_CAPACITY).fill(FREE);
  private keys = new Float64Array(INITIAL_CAPACITY);
  private seqs = new Uint32Array(INITIAL_CAPACITY);
  /** log2 of the capacity: the hash's top bits pick the home slot. */
  private bits = Math.log2(INITIAL_CAPACITY);
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(user: number, key: number): number | undefined {
    const slot = this.find(user, key);
    return this.users[slot] === FREE ? undefined : this.seqs[slot];
  }

  has(user: number, key: number): boolean {
    return this.get(user, key) !== undefined;
  }

  /** Records (or moves) the seq of `key` in `user`'s inbox. */
  set(user: number, key: number, seq: number): void {
    if (!(user >= 0 && Number.isInteger(user) && Number.isSafeInteger(key))) throw new RangeError(`InboxKeys (${user}, ${key}): expected a user id and an integer key`);
    const slot = this.find(user, key);
    this.seqs[slot] = seq;
    if (this.users[slot] !== FREE) return;
    this.users[slot] = user;
    this.keys[slot] = key;
    // Kept at most three quarters full, so that probe runs stay short.
    if (++this.count * 4 > this.users.length * 3) this.grow();
  }

  /** The slot holding (user, key), or the free slot where it would go. */
  private find(user: number, key: number): number {
    const { users, keys } = this;
    const mask = users.length - 1;
    let slot = this.home(user, key);
    while (users[slot] !== FREE && (users[slot] !== user || keys[slot] !== key)) slot = (slot + 1) & mask;
    return slot;
  }

  /** Mixes the user and both 32-bit halves of the key (a counter key varies only in its low bits). */
  private home(user: number, key: number): number {
    const mixed = (key | 0) ^ Math.imul((key / 4294967296) | 0, 0x27d4eb2d) ^ Math.imul(user, 0x85ebca6b);
    return Math.imul(mixed ^ (mixed >>> 15), 0x9e3779b1) >>> (32 - this.bits);
  }

  private grow(): void {
    const { users, keys, seqs } = this;
    this.bits++;
    this.users = new Int32Array(users.length * 2).fill(FREE);
    this.keys = new Float64Array(users.length * 2);
    this.seqs = new Uint32Array(users.length * 2);
    for (let slot = 0; slot < users.length; slot++) {
      if (users[slot] === FREE) continue;
      const to = this.find(users[slot]!, keys[slot]!);
      this.users[to] = users[slot]!;
      this.keys[to] = keys[slot]!;
      this.seqs[to] = seqs[slot]!;
    }
  }
}
