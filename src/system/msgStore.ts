// MsgStore: the durable inbox of each user, by seq. Each shard is a replica group of
// msgStoreReplicas processes sharing one replicated log (replicatedLog.ts); the shard map
// (topology.ts) names its primary, which serves every append and read.
//
// An append: a seq from the allocator, the entry written to the primary's own log (synced), then
// replicated (replicator.ts); it commits once a majority of the group, the primary included, holds
// it durably. Only then is EV_COMMIT traced and the append answered. Appends to one inbox run one at
// a time (allocate, write, commit), so an inbox commits in seq order and every seq still being
// written lies above every committed one: a read serves only committed entries, and its bound is
// simply the inbox's highest committed seq. A retried append of a message already in the inbox
// returns its seq (the idempotency key).
//
// A primary that starts (after a crash) or is promoted (failover.ts) first writes its log's tail,
// every entry above the commit point it knows, again in its own epoch, and commits it as any other
// append: so a commit another primary made and announced may be announced again, at the same seq.
// A replica takes entries only right after one that matches the primary's log, cutting any
// conflicting tail it has (entries of an old primary that never reached a majority).
import { IdMap } from '../sim/idMap.js';
import { InboxKeys } from './inboxKeys.js';
import type { LogEntries } from './logEntries.js';
import { MemoryLog, type ReadableLog } from './memoryLog.js';
import { NumberMap } from '../sim/numberMap.js';
import { SeqMap } from '../sim/seqMap.js';
import { Uint32List } from '../sim/uint32List.js';
import type { SystemKnobs } from './config.js';
import { EV_APPEND_DEDUP, EV_APPEND_DROPPED, EV_APPEND_QUEUED, EV_LEAD, EV_COMMIT, EV_LOG_DURABLE, EV_READ } from './events.js';
import { epochAt, mismatchAt, place } from './replicatedLog.js';
import { Replicator, type ReplicationSource } from './replicator.js';
import { RpcServer } from './rpcServer.js';
import { majorityOf, ownerOf, sectionOf, type Topology } from './topology.js';
import {
  messageKey,
  type AllocReq,
  type AllocResp,
  type AppendReq,
  type ChatMessage,
  type InboxEntry,
  type ReadReq,
  type RejectReason,
  type Replicate,
  type Wire,
} from './wire.js';
import { entryBytes, PAGE_MAX_BYTES } from './wireSizes.js';

export interface MsgStoreDisk {
  /** The shard's replicated log as this replica holds it, as entry ids: log.at(i) is LSN i + 1. */
  readonly log: Uint32List;
  /** The highest primary epoch it has taken entries from: a write of an older one is refused. */
  epoch: number;
  /** The commit point it knew when it last wrote (a replica learns it late). */
  commitLsn: number;
  /** Only under the planted bug 'store-key-before-entry': idempotency keys written apart from the log. */
  readonly keys: Map<number, Map<number, number>>;
}

interface Waiter {
  readonly to: number;
  readonly reqId: number;
}

interface AppendJob {
  readonly user: number;
  readonly message: ChatMessage;
  readonly key: number;
  readonly waiters: Waiter[];
  replied: boolean;
  /** Its seq and LSN once allocated and written (-1 before). */
  seq: number;
  lsn: number;
}

/** A replica's write of a batch: whom to answer once it is durable. */
interface ReplicaWrite {
  readonly primary: number;
  readonly reqId: number;
  readonly epoch: number;
  /** The batch's last LSN. */
  readonly endLsn: number;
}

const TIMER_REPLICATE = 2;
const DISK_OWN = 0;
const DISK_REPLICA = 1;
const DISK_KEY = 2;

/** The inbox of a user with no committed entry (never written to). */
const NO_ENTRIES = new SeqMap<ChatMessage>();

/** Its Rpc asks the allocator for seqs. */
export class MsgStore extends RpcServer<MsgStoreDisk, AllocReq, AllocResp, AppendJob> {
  private primary = false;
  private epoch = 0;
  /** The log as this replica has taken it: what is durable plus writes under way (set by start). */
  private log!: MemoryLog;
  /** The highest LSN known committed (a replica learns it late, from the primary's batches). */
  private knownCommitLsn = 0;
  // ---- a primary's state ----
  /** The log is durable on this replica's own disk up to here. */
  private durableLsn = 0;
  private commitLsn = 0;
  private replicator: Replicator | undefined = undefined;
  /** Committed entries per user, sorted by seq, and each user's idempotency keys. */
  private inboxes = new IdMap<SeqMap<ChatMessage>>();
  private keys!: InboxKeys;
  /** Only under the planted bug 'store-key-before-entry': the keys its disk held at start, apart from any entry. */
  private restoredKeys: Map<number, Map<number, number>> | undefined = undefined;
  private queues = new IdMap<AppendJob[]>();
  private jobsByLsn = new NumberMap<AppendJob>();
  /**
   * The log's end when this replica became primary: until its tail up to there is committed again,
   * it may hold commits an earlier primary made and answered that it cannot serve yet, so a read
   * waits (a bound below them would tell a device it had caught up when it had not).
   */
  private leadEndLsn = 0;
  private heldReads: [number, ReadReq][] = [];

  constructor(
    name: string,
    knobs: SystemKnobs,
    private readonly topology: Topology,
    /** The shard this replica belongs to. */
    private readonly shard: number,
    /** The world's log entries, which the logs name by id. */
    private readonly entries: LogEntries,
  ) {
    super(name, { log: new Uint32List(), epoch: 0, commitLsn: 0, keys: new Map() }, knobs);
  }

  start(): void {
    this.resetRpc();
    this.log = new MemoryLog(this.durable.log);
    this.epoch = this.durable.epoch;
    this.knownCommitLsn = this.durable.commitLsn;
    this.primary = false;
    this.replicator = undefined;
    this.inboxes = new IdMap();
    this.keys = new InboxKeys(this.log, this.entries);
    this.queues = new IdMap();
    this.jobsByLsn = new NumberMap();
    this.leadEndLsn = 0;
    this.heldReads = [];
    if (this.topology.msgStorePrimary[this.shard] === this.id) this.lead(this.topology.msgStoreEpoch[this.shard]!);
    // The planted bug: a key written before a crash answers a retry, whether or not its entry was.
    this.restoredKeys = this.durable.keys.size === 0 ? undefined : new Map([...this.durable.keys].map(([user, keys]) => [user, new Map(keys)]));
  }

  /** The shard map made this replica the primary (a failover). */
  promote(epoch: number): void {
    this.lead(epoch);
  }

  /** Committed entries of a user's inbox, in seq order (a primary's view; empty on a replica). */
  committedInbox(user: number): readonly InboxEntry[] {
    const inbox = this.inboxes.get(user) ?? NO_ENTRIES;
    return pageOf(inbox, 0, inbox.size);
  }

  /** The log as this replica's disk holds it (entry ids). */
  get durableLog(): ReadableLog {
    return this.durable.log;
  }

  /** The log entries its logs name. */
  get logEntries(): LogEntries {
    return this.entries;
  }

  get isPrimary(): boolean {
    return this.primary;
  }

  override onMessage(from: number, message: Wire): void {
    switch (message.type) {
      case 'append-req':
        // A replica ignores what was meant for a primary: the sender's retry finds the primary.
        return this.primary ? this.append(from, message) : undefined;
      case 'read-req':
        return this.primary ? this.read(from, message) : undefined;
      case 'alloc-resp':
        return this.rpc.replied(message);
      case 'replicate':
        return this.primary ? undefined : this.take(from, message);
      case 'replicate-ack':
        if (this.replicator?.acked(from, message) === true) this.advanceCommit();
        return;
      default:
        return super.onMessage(from, message);
    }
  }

  override onTimer(tag: number, data: unknown): void {
    if (tag === TIMER_REPLICATE) this.replicator?.timedOut(data as number);
    else super.onTimer(tag, data);
  }

  override onDiskWritten(tag: number, data: unknown): void {
    if (tag === DISK_KEY) return; // the planted bug's key write: its entry is on its way
    const { log } = this.durable;
    this.emit(EV_LOG_DURABLE, log.length, epochAt(this.entries, log, log.length));
    if (tag === DISK_OWN) {
      this.durableLsn = Math.max(this.durableLsn, data as number);
      this.advanceCommit();
      this.replicator?.pumpAll();
      return;
    }
    // A replica's batch is durable: answer, unless a later batch has cut it since.
    const write = data as ReplicaWrite;
    if (write.endLsn > 0 && this.durable.log.at(write.endLsn - 1) !== this.log.at(write.endLsn - 1)) return;
    if (!this.knobs.mutants.has('replica-ack-on-receipt')) this.ackReplicated(write);
  }

  private ackReplicated(write: ReplicaWrite): void {
    this.send(write.primary, { type: 'replicate-ack', reqId: write.reqId, epoch: write.epoch, ok: true, lsn: write.endLsn });
  }

  // ---- the primary ----

  /**
   * Takes the shard as its primary in `epoch`: every entry up to the commit point it knows is
   * served at once; the rest, its tail, is written again in this epoch and committed like an append.
   */
  private lead(epoch: number): void {
    this.primary = true;
    this.epoch = epoch;
    const { log, entries } = this;
    this.commitLsn = Math.min(this.knownCommitLsn, log.length);
    for (let lsn = 1; lsn <= this.commitLsn; lsn++) this.apply(lsn);
    const inThisEpoch = (id: number): number => (entries.epoch(id) === epoch ? id : entries.add(epoch, entries.user(id), entries.seq(id), entries.message(id)));
    const tail = log.slice(this.commitLsn).map(inThisEpoch);
    log.cut(this.commitLsn);
    for (const id of tail) {
      const user = entries.user(id);
      const seq = entries.seq(id);
      const message = entries.message(id);
      const lsn = log.push(id);
      const job: AppendJob = { user, message, key: messageKey(message), waiters: [], replied: false, seq, lsn };
      this.queueOf(user).push(job);
      this.jobsByLsn.set(lsn, job);
    }
    this.leadEndLsn = log.length;
    this.emit(EV_LEAD, epoch, this.commitLsn, this.leadEndLsn);
    // Until this write is durable nothing is known durable here: a replica's writes may be under way.
    this.durableLsn = this.commitLsn;
    this.writeLog(this.commitLsn, tail, epoch, 0, DISK_OWN, log.length);
    const group = this.topology.msgStoreGroups[this.shard]!;
    const source: ReplicationSource = { entries, log, durableLsn: () => this.durableLsn, commitLsn: () => this.commitLsn, epoch };
    this.replicator = new Replicator(this, source, group.filter((id) => id !== this.id), this.commitLsn + 1, TIMER_REPLICATE, this.knobs.rpcTimeoutUs);
  }

  private append(from: number, req: AppendReq): void {
    this.crashPoint('store.received');
    const { user, message } = req;
    const key = messageKey(message);
    const waiter = { to: from, reqId: req.reqId };
    const existing = this.knobs.mutants.has('no-send-dedup') ? undefined : (this.keys.get(user, key) ?? this.restoredKeys?.get(user)?.get(key));
    if (existing !== undefined) {
      this.emit(EV_APPEND_DEDUP, user, existing, message.msgId);
      this.send(from, { type: 'append-resp', reqId: req.reqId, user, seq: existing, reject: null });
      return;
    }
    const queue = this.queueOf(user);
    const queued = jobOfKey(queue, key);
    if (queued !== undefined) {
      // A retry of a request already waiting (same sender, same request id) gets one answer, not two.
      if (!hasWaiter(queued, waiter)) queued.waiters.push(waiter);
      return;
    }
    const job: AppendJob = { user, message, key, waiters: [waiter], replied: false, seq: -1, lsn: -1 };
    queue.push(job);
    // The planted bug 'concurrent-appends' starts every append at once: commits can land out of seq order.
    if (queue.length === 1 || this.knobs.mutants.has('concurrent-appends')) this.begin(job);
    else this.emit(EV_APPEND_QUEUED, user, message.msgId, queue.length - 1);
  }

  private queueOf(user: number): AppendJob[] {
    let queue = this.queues.get(user);
    if (queue === undefined) this.queues.set(user, (queue = []));
    return queue;
  }

  private begin(job: AppendJob): void {
    // A tail entry of an earlier primary is written already: it waits for its commit.
    if (job.lsn > 0) return;
    this.rpc.call({ type: 'alloc-req', reqId: this.rpc.newReqId(), user: job.user, msgId: job.message.msgId }, job);
  }

  rpcDestination(alloc: AllocReq): number {
    return ownerOf(this.topology, sectionOf(alloc.user, this.knobs.sectionSize));
  }

  rpcReplied(resp: AllocResp, _alloc: AllocReq, job: AppendJob): void {
    this.allocated(job, resp.seq);
  }

  /** The allocator is unreachable: drop the job; the sender retries the append. */
  rpcGaveUp(_alloc: AllocReq, job: AppendJob): void {
    this.emit(EV_APPEND_DROPPED, job.user, job.message.msgId);
    this.finish(job);
  }

  private allocated(job: AppendJob, seq: number): void {
    if (seq < 0) {
      this.reply(job, -1, 'seq-exhausted');
      this.finish(job);
      return;
    }
    this.crashPoint('store.after-alloc');
    const entry = this.entries.add(this.epoch, job.user, seq, job.message);
    job.seq = seq;
    job.lsn = this.log.push(entry);
    this.jobsByLsn.set(job.lsn, job);
    // The planted bug 'store-key-before-entry' makes the append idempotent in a write of its own, first.
    if (this.knobs.mutants.has('store-key-before-entry')) this.persist((disk) => recordKey(disk.keys, job.user, job.key, seq), DISK_KEY, null);
    this.writeLog(job.lsn - 1, [entry], this.epoch, this.commitLsn, DISK_OWN, job.lsn);
    // The planted bug: the append is acknowledged before the write is durable.
    if (this.knobs.mutants.has('ack-before-durable')) this.reply(job, seq, null);
  }

  /** Commits every entry a majority holds durably, in LSN order, and answers its append. */
  private advanceCommit(): void {
    const group = this.topology.msgStoreGroups[this.shard]!;
    const quorumLsn = this.replicator!.quorumLsn(majorityOf(group.length));
    // Only an entry of its own epoch is committed by counting copies (earlier ones with it): a copy
    // of an older epoch's entry on a majority may still be cut by a primary that never saw it.
    let upTo = quorumLsn > 0 && epochAt(this.entries, this.log, quorumLsn) === this.epoch ? quorumLsn : this.commitLsn;
    // The planted bug: the primary's own write is enough.
    if (this.knobs.mutants.has('commit-before-quorum')) upTo = this.durableLsn;
    while (this.commitLsn < upTo) {
      const id = this.log.at(this.commitLsn++)!;
      this.apply(this.commitLsn);
      this.emit(EV_COMMIT, this.entries.user(id), this.entries.seq(id), this.entries.message(id).msgId, this.commitLsn);
      const job = this.jobsByLsn.get(this.commitLsn);
      if (job === undefined) continue;
      this.jobsByLsn.delete(this.commitLsn);
      this.crashPoint('store.after-commit');
      this.reply(job, job.seq, null);
      this.finish(job);
    }
    if (this.heldReads.length > 0 && this.commitLsn >= this.leadEndLsn) {
      const held = this.heldReads;
      this.heldReads = [];
      for (const [from, req] of held) this.read(from, req);
    }
  }

  /** Adds the committed entry at `lsn` to its inbox, and indexes its key. */
  private apply(lsn: number): void {
    const id = this.log.at(lsn - 1)!;
    const user = this.entries.user(id);
    let inbox = this.inboxes.get(user);
    if (inbox === undefined) this.inboxes.set(user, (inbox = new SeqMap()));
    // Appends commit in seq order, so this is an append; a reissued seq (a planted bug) still sorts.
    inbox.add(this.entries.seq(id), this.entries.message(id));
    this.keys.index(lsn);
  }

  private reply(job: AppendJob, seq: number, reject: RejectReason | null): void {
    if (job.replied) return;
    job.replied = true;
    for (const waiter of job.waiters) this.send(waiter.to, { type: 'append-resp', reqId: waiter.reqId, user: job.user, seq, reject });
  }

  private finish(job: AppendJob): void {
    const queue = this.queues.get(job.user)!;
    const wasHead = queue[0] === job;
    queue.splice(queue.indexOf(job), 1);
    if (queue.length === 0) this.queues.delete(job.user);
    else if (wasHead && !this.knobs.mutants.has('concurrent-appends')) this.begin(queue[0]!);
  }

  private read(from: number, req: ReadReq): void {
    if (this.commitLsn < this.leadEndLsn) {
      this.heldReads.push([from, req]);
      return;
    }
    const inbox = this.inboxes.get(req.user) ?? NO_ENTRIES;
    const first = inbox.firstAbove(req.afterSeq);
    const last = Math.min(inbox.size, first + req.limit, this.byteLimitEnd(inbox, first, req.maxBytes));
    const entries = pageOf(inbox, first, last);
    const more = last < inbox.size;
    const seqSvr = Math.max(req.afterSeq, inbox.maxSeq);
    let bound = more ? entries[entries.length - 1]!.seq : seqSvr;
    // The planted bug: the bound also covers the seq still being written.
    if (!more && this.knobs.mutants.has('pull-bound-past-uncommitted')) bound = Math.max(bound, this.queues.get(req.user)?.[0]?.seq ?? 0);
    this.emit(EV_READ, req.device, req.afterSeq, bound, entries.length);
    this.send(from, { type: 'read-resp', reqId: req.reqId, entries, bound, more, seqSvr });
  }

  /**
   * Where a page from `first` must end to stay within the device's byte budget (`budgetBytes`, 0 for
   * none) and PAGE_MAX_BYTES on the wire, one entry at least: so it arrives within the device's pull
   * timeout on its link. The planted bug 'page-ignores-bytes' counts entries only: on a slow link a
   * page of long texts outlasts the pull timeout, and every retry queues one more page on the link
   * ahead of the answer.
   */
  private byteLimitEnd(inbox: SeqMap<ChatMessage>, first: number, budgetBytes: number): number {
    if (first >= inbox.size || this.knobs.mutants.has('page-ignores-bytes')) return inbox.size;
    const maxBytes = budgetBytes > 0 ? Math.min(budgetBytes, PAGE_MAX_BYTES) : PAGE_MAX_BYTES;
    let bytes = entryBytes(inbox.valueAt(first));
    let end = first + 1;
    for (; end < inbox.size; end++) {
      const next = entryBytes(inbox.valueAt(end));
      if (bytes + next > maxBytes) break;
      bytes += next;
    }
    return end;
  }

  // ---- a replica ----

  /** Takes a batch from the primary if it follows on from a matching entry; answers once durable. */
  private take(from: number, batch: Replicate): void {
    if (batch.epoch < this.epoch) return; // a deposed primary: fenced off
    this.epoch = batch.epoch;
    const hint = mismatchAt(this.entries, this.log, batch.prevLsn, batch.prevEpoch);
    if (hint >= 0) {
      this.send(from, { type: 'replicate-ack', reqId: batch.reqId, epoch: batch.epoch, ok: false, lsn: hint });
      return;
    }
    const changedLsn = place(this.entries, this.log, batch.prevLsn, batch.entries);
    const endLsn = batch.prevLsn + batch.entries.length;
    // Entries past this batch may be a deposed primary's: they are not known committed.
    this.knownCommitLsn = Math.max(this.knownCommitLsn, Math.min(batch.commitLsn, endLsn));
    const write: ReplicaWrite = { primary: from, reqId: batch.reqId, epoch: batch.epoch, endLsn };
    const cut = changedLsn === 0 ? null : changedLsn - 1;
    // Usually the whole batch is new: write its entries as they came.
    const changed = cut === null ? [] : cut === batch.prevLsn ? batch.entries : batch.entries.slice(cut - batch.prevLsn);
    this.writeLog(cut, changed, batch.epoch, this.knownCommitLsn, DISK_REPLICA, write);
    // The planted bug: the batch is acked as it arrives, before its write is durable.
    if (this.knobs.mutants.has('replica-ack-on-receipt')) this.ackReplicated(write);
  }

  // ---- the disk ----

  /**
   * Writes the log from LSN cutLsn + 1 on (cutting what the disk held there; null: the log is
   * unchanged), with the epoch and commit point. Synced: acks and commits rest on it.
   */
  private writeLog(cutLsn: number | null, entries: readonly number[], epoch: number, commitLsn: number, tag: number, data: unknown): void {
    const memory = this.log;
    const write = (disk: MsgStoreDisk) => {
      if (cutLsn !== null) memory.beforeDiskCut(cutLsn);
      writeInto(disk, cutLsn, entries, epoch, commitLsn);
      memory.afterDiskWrite();
    };
    if (!this.knobs.mutants.has('no-fsync')) {
      this.persist(write, tag, data);
      return;
    }
    // The planted bug: the write stays in the page cache, and a power loss takes it back.
    this.persist(
      (disk) => {
        const undo = undoOf(disk, cutLsn);
        write(disk);
        return undo;
      },
      tag,
      data,
      { sync: false },
    );
  }
}

function writeInto(disk: MsgStoreDisk, cutLsn: number | null, entries: readonly number[], epoch: number, commitLsn: number): void {
  if (cutLsn !== null) {
    disk.log.truncate(cutLsn);
    for (const entry of entries) disk.log.push(entry);
  }
  disk.epoch = Math.max(disk.epoch, epoch);
  disk.commitLsn = Math.max(disk.commitLsn, commitLsn);
}

/** What puts the disk back as it is now, before a write that cuts its log at `cutLsn`. */
function undoOf(disk: MsgStoreDisk, cutLsn: number | null): () => void {
  const { epoch, commitLsn } = disk;
  const removed = cutLsn === null ? [] : disk.log.slice(cutLsn);
  const length = cutLsn ?? disk.log.length;
  return () => {
    disk.log.truncate(length);
    for (const entry of removed) disk.log.push(entry);
    disk.epoch = epoch;
    disk.commitLsn = commitLsn;
  };
}

/** The idempotency key: a retried append of this message returns `seq`. */
function recordKey(keys: Map<number, Map<number, number>>, user: number, key: number, seq: number): void {
  let ofUser = keys.get(user);
  if (ofUser === undefined) keys.set(user, (ofUser = new Map()));
  ofUser.set(key, seq);
}

/** Entries first..last (exclusive, in seq order) of `inbox`, as a page carries them. */
function pageOf(inbox: SeqMap<ChatMessage>, first: number, last: number): InboxEntry[] {
  const page: InboxEntry[] = [];
  for (let i = first; i < last; i++) page.push({ seq: inbox.seqAt(i), message: inbox.valueAt(i) });
  return page;
}

// Loops, not find and some: every append asks, and their predicate closures were garbage.

function jobOfKey(queue: readonly AppendJob[], key: number): AppendJob | undefined {
  for (const job of queue) if (job.key === key) return job;
  return undefined;
}

function hasWaiter(job: AppendJob, waiter: Waiter): boolean {
  for (const w of job.waiters) if (w.to === waiter.to && w.reqId === waiter.reqId) return true;
  return false;
}

