// MsgStore: the durable inbox of each user, by seq. Appends to one inbox run one at a time
// (allocate a seq, write, commit), so an inbox commits in seq order and every seq still being
// written lies above every committed one: a reader's bound is simply the highest committed seq.
// A retried append of a message already in the inbox returns its seq (the idempotency key).
import type { SystemKnobs } from './config.js';
import { EV_APPEND_DEDUP, EV_COMMIT, EV_READ } from './events.js';
import { RpcServer } from './rpcServer.js';
import { route, sectionOf, type Topology } from './topology.js';
import { messageKey, type AllocResp, type AppendReq, type ChatMessage, type InboxEntry, type ReadReq, type RejectReason, type Wire } from './wire.js';

export interface MsgStoreDisk {
  /** Each user's inbox, sorted by seq. */
  readonly inboxes: Map<number, InboxEntry[]>;
  /** Per user: message key -> seq, for idempotent appends. */
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
}

/** Its Rpc asks the allocator for seqs. */
export class MsgStore extends RpcServer<MsgStoreDisk, AllocResp> {
  private queues = new Map<number, AppendJob[]>();
  /** The seq being written for each user with an append under way. */
  private writing = new Map<number, number>();

  constructor(
    name: string,
    knobs: SystemKnobs,
    private readonly topology: Topology,
  ) {
    super(name, { inboxes: new Map(), keys: new Map() }, knobs);
  }

  start(): void {
    this.queues = new Map();
    this.writing = new Map();
    this.resetRpc();
  }

  override onMessage(from: number, message: Wire): void {
    switch (message.type) {
      case 'append-req':
        return this.append(from, message);
      case 'read-req':
        return this.read(from, message);
      case 'alloc-resp':
        return this.rpc.replied(message);
      default:
        return super.onMessage(from, message);
    }
  }

  override onDiskWritten(_tag: number, data: unknown): void {
    const { job, seq } = data as { job: AppendJob; seq: number };
    this.emit(EV_COMMIT, job.user, seq, job.message.msgId);
    this.crashPoint('store.after-commit');
    this.reply(job, seq, null);
    this.finish(job);
  }

  private append(from: number, req: AppendReq): void {
    this.crashPoint('store.received');
    const { user, message } = req;
    const key = messageKey(message);
    const waiter = { to: from, reqId: req.reqId };
    const existing = this.knobs.mutants.has('no-send-dedup') ? undefined : this.durable.keys.get(user)?.get(key);
    if (existing !== undefined) {
      this.emit(EV_APPEND_DEDUP, user, existing, message.msgId);
      this.send(from, { type: 'append-resp', reqId: req.reqId, user, seq: existing, reject: null });
      return;
    }
    let queue = this.queues.get(user);
    if (queue === undefined) this.queues.set(user, (queue = []));
    const queued = queue.find((job) => job.key === key);
    if (queued !== undefined) {
      // A retry of a request already waiting (same sender, same request id) gets one answer, not two.
      if (!queued.waiters.some((w) => w.to === waiter.to && w.reqId === waiter.reqId)) queued.waiters.push(waiter);
      return;
    }
    const job: AppendJob = { user, message, key, waiters: [waiter], replied: false };
    queue.push(job);
    // The planted bug 'concurrent-appends' starts every append at once: commits can land out of seq order.
    if (queue.length === 1 || this.knobs.mutants.has('concurrent-appends')) this.begin(job);
  }

  private begin(job: AppendJob): void {
    const user = job.user;
    const allocator = route(this.topology.allocators, sectionOf(user, this.knobs.sectionSize));
    this.rpc.call(
      allocator,
      (reqId) => ({ type: 'alloc-req', reqId, user, msgId: job.message.msgId }),
      (resp) => this.allocated(job, resp.seq),
      // The allocator is unreachable: drop the job; the sender retries the append.
      () => this.finish(job),
    );
  }

  private allocated(job: AppendJob, seq: number): void {
    if (seq < 0) {
      this.reply(job, -1, 'seq-exhausted');
      this.finish(job);
      return;
    }
    this.crashPoint('store.after-alloc');
    this.writing.set(job.user, seq);
    this.persist((disk) => insertEntry(disk, job, seq), 0, { job, seq });
    // The planted bug: the append is acknowledged before the write is durable.
    if (this.knobs.mutants.has('ack-before-durable')) this.reply(job, seq, null);
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
    this.writing.delete(job.user);
    if (queue.length === 0) this.queues.delete(job.user);
    else if (wasHead && !this.knobs.mutants.has('concurrent-appends')) this.begin(queue[0]!);
  }

  private read(from: number, req: ReadReq): void {
    const inbox = this.durable.inboxes.get(req.user) ?? [];
    const first = firstAbove(inbox, req.afterSeq);
    const entries = inbox.slice(first, first + req.limit);
    const more = first + req.limit < inbox.length;
    const seqSvr = Math.max(req.afterSeq, inbox.length > 0 ? inbox[inbox.length - 1]!.seq : 0);
    let bound = more ? entries[entries.length - 1]!.seq : seqSvr;
    // The planted bug: the bound also covers the seq still being written.
    if (!more && this.knobs.mutants.has('pull-bound-past-uncommitted')) bound = Math.max(bound, this.writing.get(req.user) ?? 0);
    this.emit(EV_READ, req.device, req.afterSeq, bound, entries.length);
    this.send(from, { type: 'read-resp', reqId: req.reqId, entries, bound, more, seqSvr });
  }
}

function insertEntry(disk: MsgStoreDisk, job: AppendJob, seq: number): void {
  let inbox = disk.inboxes.get(job.user);
  if (inbox === undefined) disk.inboxes.set(job.user, (inbox = []));
  // Appends commit in seq order, so this is a push; a reissued seq (a planted bug) still sorts.
  inbox.splice(firstAbove(inbox, seq), 0, { seq, message: job.message });
  let keys = disk.keys.get(job.user);
  if (keys === undefined) disk.keys.set(job.user, (keys = new Map()));
  keys.set(job.key, seq);
}

/** Index of the first entry with a seq above `seq` (binary search). */
function firstAbove(inbox: readonly InboxEntry[], seq: number): number {
  let lo = 0;
  let hi = inbox.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (inbox[mid]!.seq <= seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
