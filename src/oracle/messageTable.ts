// The oracle's facts about every message, one typed-array column per field, indexed by msgId (dense
// ids from the workload). At a million messages an object per message, with a map of its commits
// and an array of its targets, cost about 290 bytes a message; the columns cost about 70. A
// checker still reads a message as an object: `get` returns a view (MessageFacts) over the columns,
// short-lived and cheap to make, valid however the table grows.
import { doubled } from '../sim/doubled.js';
import { checkDenseId } from '../sim/idMap.js';

const INITIAL_CAPACITY = 1024;

const PRESENT = 1;
const OUTBOXED = 2;
const REJECTED = 4;
const ABANDONED = 8;
const SENDER_HEALTHY = 16;
const SPAM = 32;
/** Its targets are not the pair [toUser, user] of a 1:1 message: they are in `listedTargets`. */
const TARGETS_LISTED = 64;

/** A commit column with no entry (user ids are never negative). */
const NONE = -1;

export interface NewMessage {
  readonly msgId: number;
  readonly user: number;
  readonly device: number;
  readonly composedUs: number;
  readonly targets: readonly number[];
  readonly senderHealthy: boolean;
  readonly senderEpoch: number;
  readonly senderConnectSvr: number;
  readonly toUser: number;
  readonly group: number;
}

export class MessageTable {
  private count = 0;
  // The columns are public for the views below (MessageFacts, MessageCommits); nothing else reads them.
  flags = new Uint8Array(INITIAL_CAPACITY);
  user = new Int32Array(INITIAL_CAPACITY);
  device = new Int32Array(INITIAL_CAPACITY);
  toUser = new Int32Array(INITIAL_CAPACITY);
  group = new Int32Array(INITIAL_CAPACITY);
  senderEpoch = new Int32Array(INITIAL_CAPACITY);
  senderConnectSvr = new Int32Array(INITIAL_CAPACITY);
  composedUs = new Float64Array(INITIAL_CAPACITY);
  ackedUs = new Float64Array(INITIAL_CAPACITY);
  svrAckUs = new Float64Array(INITIAL_CAPACITY);
  /** The first two commits (inbox user -> seq) in columns: a 1:1 message has two. */
  commitUser0 = new Int32Array(INITIAL_CAPACITY);
  commitSeq0 = new Uint32Array(INITIAL_CAPACITY);
  commitUser1 = new Int32Array(INITIAL_CAPACITY);
  commitSeq1 = new Uint32Array(INITIAL_CAPACITY);
  /** A group message's further commits: user, seq, user, seq, ... in insertion order. */
  readonly moreCommits = new Map<number, number[]>();
  readonly listedTargets = new Map<number, readonly number[]>();

  get size(): number {
    return this.count;
  }

  has(msgId: number): boolean {
    return msgId < this.flags.length && (this.flags[msgId]! & PRESENT) !== 0;
  }

  get(msgId: number): MessageFacts | undefined {
    return this.has(msgId) ? new MessageFacts(this, msgId) : undefined;
  }

  /** Records a newly composed message (a msgId seen again replaces the first). */
  add(message: NewMessage): void {
    const id = message.msgId;
    checkDenseId(id);
    if (id >= this.flags.length) this.grow(id + 1);
    if (!this.has(id)) this.count++;
    this.flags[id] = PRESENT | (message.senderHealthy ? SENDER_HEALTHY : 0);
    this.user[id] = message.user;
    this.device[id] = message.device;
    this.toUser[id] = message.toUser;
    this.group[id] = message.group;
    this.senderEpoch[id] = message.senderEpoch;
    this.senderConnectSvr[id] = message.senderConnectSvr;
    this.composedUs[id] = message.composedUs;
    this.ackedUs[id] = -1;
    this.svrAckUs[id] = -1;
    this.commitUser0[id] = NONE;
    this.commitUser1[id] = NONE;
    this.moreCommits.delete(id);
    this.setTargets(id, message.targets);
  }

  /** Views of every message, in msgId order. */
  *values(): Generator<MessageFacts> {
    for (let id = 0; id < this.flags.length; id++) if ((this.flags[id]! & PRESENT) !== 0) yield new MessageFacts(this, id);
  }

  flag(id: number, bit: number): boolean {
    return (this.flags[id]! & bit) !== 0;
  }

  setFlag(id: number, bit: number, on: boolean): void {
    this.flags[id] = on ? this.flags[id]! | bit : this.flags[id]! & ~bit;
  }

  targetsOf(id: number): readonly number[] {
    return this.flag(id, TARGETS_LISTED) ? this.listedTargets.get(id)! : [this.toUser[id]!, this.user[id]!];
  }

  setTargets(id: number, targets: readonly number[]): void {
    const pair = this.group[id]! < 0 && targets.length === 2 && targets[0] === this.toUser[id] && targets[1] === this.user[id];
    this.setFlag(id, TARGETS_LISTED, !pair);
    if (pair) this.listedTargets.delete(id);
    else this.listedTargets.set(id, targets);
  }

  /** Doubles the columns until `needed` ids fit. */
  private grow(needed: number): void {
    while (this.flags.length < needed) {
      this.flags = doubled(this.flags);
      this.user = doubled(this.user);
      this.device = doubled(this.device);
      this.toUser = doubled(this.toUser);
      this.group = doubled(this.group);
      this.senderEpoch = doubled(this.senderEpoch);
      this.senderConnectSvr = doubled(this.senderConnectSvr);
      this.composedUs = doubled(this.composedUs);
      this.ackedUs = doubled(this.ackedUs);
      this.svrAckUs = doubled(this.svrAckUs);
      this.commitUser0 = doubled(this.commitUser0);
      this.commitSeq0 = doubled(this.commitSeq0);
      this.commitUser1 = doubled(this.commitUser1);
      this.commitSeq1 = doubled(this.commitSeq1);
    }
  }
}

/** One message's facts: a view over its row of the table. */
export class MessageFacts {
  constructor(
    private readonly table: MessageTable,
    readonly msgId: number,
  ) {}

  get user(): number {
    return this.table.user[this.msgId]!;
  }

  get device(): number {
    return this.table.device[this.msgId]!;
  }

  get composedUs(): number {
    return this.table.composedUs[this.msgId]!;
  }

  /**
   * Every inbox the message must reach (recipients and the sender's own); empty if unknown. An
   * inbox whose seq space is used up is taken out when SendSvr finds it full.
   */
  get targets(): readonly number[] {
    return this.table.targetsOf(this.msgId);
  }

  set targets(targets: readonly number[]) {
    this.table.setTargets(this.msgId, targets);
  }

  get outboxed(): boolean {
    return this.table.flag(this.msgId, OUTBOXED);
  }

  set outboxed(on: boolean) {
    this.table.setFlag(this.msgId, OUTBOXED, on);
  }

  /** When the sender's device got the ack; -1 before. */
  get ackedUs(): number {
    return this.table.ackedUs[this.msgId]!;
  }

  set ackedUs(us: number) {
    this.table.ackedUs[this.msgId] = us;
  }

  get rejected(): boolean {
    return this.table.flag(this.msgId, REJECTED);
  }

  set rejected(on: boolean) {
    this.table.setFlag(this.msgId, REJECTED, on);
  }

  get abandoned(): boolean {
    return this.table.flag(this.msgId, ABANDONED);
  }

  set abandoned(on: boolean) {
    this.table.setFlag(this.msgId, ABANDONED, on);
  }

  /** Inbox user -> seq of the (first) commit there. */
  get commits(): MessageCommits {
    return new MessageCommits(this.table, this.msgId);
  }

  /** The sender had a live foreground connection since before the send (for latency classes). */
  get senderHealthy(): boolean {
    return this.table.flag(this.msgId, SENDER_HEALTHY);
  }

  set senderHealthy(on: boolean) {
    this.table.setFlag(this.msgId, SENDER_HEALTHY, on);
  }

  /** The sender's session epoch at compose: if it changed since, the send may have waited for it. */
  get senderEpoch(): number {
    return this.table.senderEpoch[this.msgId]!;
  }

  /** The ConnectSvr of the sender's session at compose (-1: none). */
  get senderConnectSvr(): number {
    return this.table.senderConnectSvr[this.msgId]!;
  }

  get toUser(): number {
    return this.table.toUser[this.msgId]!;
  }

  get group(): number {
    return this.table.group[this.msgId]!;
  }

  get spam(): boolean {
    return this.table.flag(this.msgId, SPAM);
  }

  set spam(on: boolean) {
    this.table.setFlag(this.msgId, SPAM, on);
  }

  /** When SendSvr first acked it and asked PushSvr to hint its recipients; -1 before. */
  get svrAckUs(): number {
    return this.table.svrAckUs[this.msgId]!;
  }

  set svrAckUs(us: number) {
    this.table.svrAckUs[this.msgId] = us;
  }
}

/** A message's commits, inbox user -> seq, as a small map in insertion order. */
export class MessageCommits {
  constructor(
    private readonly table: MessageTable,
    private readonly msgId: number,
  ) {}

  get size(): number {
    const { table, msgId } = this;
    if (table.commitUser0[msgId] === NONE) return 0;
    if (table.commitUser1[msgId] === NONE) return 1;
    return 2 + (table.moreCommits.get(msgId)?.length ?? 0) / 2;
  }

  get(user: number): number | undefined {
    const { table, msgId } = this;
    if (table.commitUser0[msgId] === user) return table.commitSeq0[msgId];
    if (table.commitUser1[msgId] === user) return table.commitSeq1[msgId];
    const more = table.moreCommits.get(msgId);
    if (more !== undefined) for (let i = 0; i < more.length; i += 2) if (more[i] === user) return more[i + 1];
    return undefined;
  }

  has(user: number): boolean {
    return this.get(user) !== undefined;
  }

  set(user: number, seq: number): void {
    if (user < 0) throw new RangeError(`commit of user ${user}: users are never negative`);
    const { table, msgId } = this;
    if (table.commitUser0[msgId] === NONE || table.commitUser0[msgId] === user) {
      table.commitUser0[msgId] = user;
      table.commitSeq0[msgId] = seq;
    } else if (table.commitUser1[msgId] === NONE || table.commitUser1[msgId] === user) {
      table.commitUser1[msgId] = user;
      table.commitSeq1[msgId] = seq;
    } else {
      let more = table.moreCommits.get(msgId);
      if (more === undefined) table.moreCommits.set(msgId, (more = []));
      for (let i = 0; i < more.length; i += 2) {
        if (more[i] === user) {
          more[i + 1] = seq;
          return;
        }
      }
      more.push(user, seq);
    }
  }

  /** The i-th user in insertion order (0 <= i < size); read by index, as an iterator allocates per entry. */
  keyAt(i: number): number {
    const { table, msgId } = this;
    return i === 0 ? table.commitUser0[msgId]! : i === 1 ? table.commitUser1[msgId]! : table.moreCommits.get(msgId)![2 * (i - 2)]!;
  }

  valueAt(i: number): number {
    const { table, msgId } = this;
    return i === 0 ? table.commitSeq0[msgId]! : i === 1 ? table.commitSeq1[msgId]! : table.moreCommits.get(msgId)![2 * (i - 2) + 1]!;
  }
}
