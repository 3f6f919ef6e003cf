// SendSvr: the logic layer of the send path. Checks (anti-spam, blacklist), appends the message
// to every recipient's inbox and then to the sender's own, records the send as done (durable
// dedup), and only then acks the sender and asks PushSvr to hint the recipients. A refusal is as
// final as an ack: it is recorded before it is answered, and a retry hears the same.
//
// A user whose 32-bit seq space is used up can receive nothing more: that inbox is skipped (and
// traced as full). The send is rejected only when no inbox could take it (every recipient's was
// full, or it had no recipient and the sender's own was), and then nothing was committed anywhere:
// the sender's own inbox is appended to last for exactly that reason.
import { NumberMap } from '../sim/numberMap.js';
import { SmallLists } from '../sim/smallLists.js';
import type { SystemKnobs } from './config.js';
import type { DirectoryIndex } from './directory.js';
import { EV_INBOX_FULL, EV_SENDSVR_ACK, EV_SENDSVR_ADMIT, EV_SENDSVR_RECEIVED, EV_SENDSVR_REJECT, REJECT_REASONS } from './events.js';
import { RpcServer } from './rpcServer.js';
import { primaryOf, route, type Topology } from './topology.js';
import { messageKey, type AppendReq, type AppendResp, type ChatMessage, type PushTarget, type RejectReason, type SendRpc, type Wire } from './wire.js';

// NumberMaps, not Maps: nothing iterates them, `done` holds a key per message ever sent (a Map's
// table doubles through the old generation as it grows), and `admitted` fills and empties all run
// long (a Map reallocates its table each time it shrinks).
export interface SendSvrDisk {
  /** Completed sends: message key -> seq in the sender's own inbox. */
  readonly done: NumberMap<number>;
  /**
   * Sends that passed the checks and are being appended: message key -> recipients. A retry after a
   * crash finishes what the first attempt began, with the same recipients and no second check: the
   * directory may have changed since (a block, a member leaving), and a message already in some
   * inbox must reach the others, not be rejected half-delivered.
   */
  readonly admitted: NumberMap<readonly number[]>;
  /**
   * Sends refused for good: message key -> why. A retry gets the same answer: the directory may have
   * changed since (a block lifted), and a sender told "rejected" must never see the message land.
   */
  readonly rejected: NumberMap<RejectReason>;
}

const DISK_ADMITTED = 1;
const DISK_DONE = 2;
const DISK_REJECTED = 3;

/** A final rejection being recorded: it is answered once it is durable, through the latest ConnectSvr. */
interface Refusal {
  readonly key: number;
  readonly message: ChatMessage;
  readonly reason: RejectReason;
  connectSvr: number;
}

interface SendJob {
  readonly key: number;
  readonly message: ChatMessage;
  /** Every recipient's inbox (the sender's own excluded). */
  readonly recipients: readonly number[];
  /**
   * The inboxes that took it, with its seq in each, in the order they answered (a list, not a Map:
   * a send takes two or a group's few, and one Map per send was garbage on every message).
   */
  readonly committed: PushTarget[];
  /** The ConnectSvr to answer through: the latest one the sender retried on. */
  connectSvr: number;
  /** Appends still unanswered in the current phase. */
  outstanding: number;
  /** Recipients first, then the sender's own inbox. */
  phase: 'recipients' | 'own';
}

/** Its Rpc appends to MsgStore inboxes. */
export class SendSvr extends RpcServer<SendSvrDisk, AppendReq, AppendResp, SendJob> {
  private jobs = new NumberMap<SendJob>();
  private refusals = new Map<number, Refusal>();
  /** Send times per sender within the anti-spam window. */
  private recentSendsUs = new SmallLists();

  constructor(
    name: string,
    knobs: SystemKnobs,
    private readonly topology: Topology,
    private readonly liveDirectory: DirectoryIndex,
  ) {
    super(name, { done: new NumberMap(), admitted: new NumberMap(), rejected: new NumberMap() }, knobs);
  }

  /** Who may message whom; the planted bug 'directory-cached' reads a copy taken when the server started. */
  private directory!: DirectoryIndex;

  start(): void {
    this.jobs = new NumberMap();
    this.refusals = new Map();
    this.recentSendsUs = new SmallLists();
    this.directory = this.knobs.mutants.has('directory-cached') ? this.liveDirectory.snapshot() : this.liveDirectory;
    this.resetRpc();
  }

  override onMessage(from: number, message: Wire): void {
    switch (message.type) {
      case 'send-rpc':
        return this.receive(from, message);
      case 'append-resp':
        return this.rpc.replied(message);
      default:
        return super.onMessage(from, message);
    }
  }

  override onDiskWritten(tag: number, data: unknown): void {
    if (tag === DISK_REJECTED) {
      const refusal = data as Refusal;
      this.refusals.delete(refusal.key);
      this.respond(refusal.connectSvr, refusal.message, -1, refusal.reason);
      return;
    }
    const job = data as SendJob;
    if (tag === DISK_ADMITTED) {
      if (this.jobs.get(job.key) === job) this.appendTo(job, job.recipients);
      return;
    }
    this.crashPoint('send.recorded');
    this.jobs.delete(job.key);
    const ownSeq = this.ownSeq(job);
    this.emit(EV_SENDSVR_ACK, job.message.msgId, ownSeq);
    this.respond(job.connectSvr, job.message, ownSeq, null);
    this.crashPoint('send.acked');
    this.requestPush(job);
  }

  private receive(connectSvr: number, rpc: SendRpc): void {
    const { message } = rpc;
    this.emit(EV_SENDSVR_RECEIVED, message.msgId, rpc.device);
    this.crashPoint('send.received');
    const key = messageKey(message);
    const doneSeq = this.knobs.mutants.has('no-send-dedup') ? undefined : this.durable.done.get(key);
    if (doneSeq !== undefined) {
      this.respond(connectSvr, message, doneSeq, null);
      return;
    }
    const rejected = this.durable.rejected.get(key);
    if (rejected !== undefined) {
      this.respond(connectSvr, message, -1, rejected);
      return;
    }
    const refusal = this.refusals.get(key);
    if (refusal !== undefined) {
      refusal.connectSvr = connectSvr;
      return;
    }
    const running = this.jobs.get(key);
    if (running !== undefined) {
      running.connectSvr = connectSvr;
      return;
    }
    const admitted = this.durable.admitted.get(key);
    if (admitted !== undefined) {
      this.appendTo(this.newJob(message, admitted, connectSvr), admitted);
      return;
    }
    const targets = this.directory.targetsOf(message.fromUser, message.toUser, message.group);
    const reject = targets === undefined ? 'unknown-recipient' : this.check(message);
    if (reject !== null) {
      this.reject(connectSvr, message, reject);
      return;
    }
    this.emit(EV_SENDSVR_ADMIT, message.msgId, message.fromUser);
    this.crashPoint('send.checked');
    const recipients = targets!.filter((user) => user !== message.fromUser);
    const job = this.newJob(message, recipients, connectSvr);
    this.persist((disk) => disk.admitted.set(key, recipients), DISK_ADMITTED, job);
  }

  private newJob(message: ChatMessage, recipients: readonly number[], connectSvr: number): SendJob {
    const job: SendJob = { key: messageKey(message), message, recipients, committed: [], connectSvr, outstanding: 0, phase: 'recipients' };
    this.jobs.set(job.key, job);
    return job;
  }

  private appendTo(job: SendJob, users: readonly number[]): void {
    job.outstanding = users.length;
    // A group whose only member left is the sender: no recipient's append to wait for.
    if (users.length === 0) return this.phaseDone(job);
    for (const user of users) {
      this.rpc.call({ type: 'append-req', reqId: this.rpc.newReqId(), user, message: job.message }, job);
    }
  }

  rpcDestination(append: AppendReq): number {
    return primaryOf(this.topology, append.user);
  }

  rpcReplied(resp: AppendResp, _append: AppendReq, job: SendJob): void {
    this.appended(job, resp);
  }

  /** A store stayed unreachable: forget the job; the device's retry starts it again. */
  rpcGaveUp(_append: AppendReq, job: SendJob): void {
    if (this.jobs.get(job.key) === job) this.jobs.delete(job.key);
  }

  private appended(job: SendJob, resp: AppendResp): void {
    if (this.jobs.get(job.key) !== job) return;
    if (resp.reject !== null) this.emit(EV_INBOX_FULL, job.message.msgId, resp.user);
    else {
      const at = indexOfUser(job.committed, resp.user);
      if (at < 0) job.committed.push({ user: resp.user, seq: resp.seq });
      else job.committed[at] = { user: resp.user, seq: resp.seq };
    }
    if (--job.outstanding > 0) return;
    this.phaseDone(job);
  }

  /** Every append of the job's phase answered: the sender's own inbox next, or the send is done. */
  private phaseDone(job: SendJob): void {
    if (this.takenNowhere(job)) {
      this.jobs.delete(job.key);
      this.reject(job.connectSvr, job.message, 'seq-exhausted');
      return;
    }
    if (job.phase === 'recipients') {
      job.phase = 'own';
      this.appendTo(job, [job.message.fromUser]);
      return;
    }
    this.crashPoint('send.appended');
    this.persist((disk) => {
      disk.done.set(job.key, this.ownSeq(job));
      disk.admitted.delete(job.key);
    }, DISK_DONE, job);
  }

  /**
   * Every inbox the phase appended to was full, and nothing is committed anywhere: the send is
   * cleanly rejected. A send with no recipient (a group the sender alone is left in) is judged by
   * the sender's own inbox: acked with that one full, it would be acked stored nowhere.
   */
  private takenNowhere(job: SendJob): boolean {
    return (job.phase === 'own' || job.recipients.length > 0) && job.committed.length === 0;
  }

  /** The message's seq in the sender's own inbox, or -1 if that inbox is full. */
  private ownSeq(job: SendJob): number {
    const at = indexOfUser(job.committed, job.message.fromUser);
    return at < 0 ? -1 : job.committed[at]!.seq;
  }

  /** Anti-spam: flagged content, or more sends in the window than a person could type. */
  private check(message: ChatMessage): RejectReason | null {
    if (message.spam) return 'spam';
    // The planted bug 'blacklist-reversed' asks whether the sender blocked the recipient.
    const [blocker, blocked] = this.knobs.mutants.has('blacklist-reversed') ? [message.fromUser, message.toUser] : [message.toUser, message.fromUser];
    if (message.toUser >= 0 && this.directory.isBlocked(blocker, blocked)) return 'blacklisted';
    const windowStartUs = this.nowUs - this.knobs.spamWindowUs;
    if (this.recentSendsUs.dropThrough(message.fromUser, windowStartUs) >= this.knobs.spamBurst) return 'rate-limited';
    // Only admitted sends count: deferred ones come back, and must not keep the window full forever.
    this.recentSendsUs.add(message.fromUser, this.nowUs);
    return null;
  }

  private reject(connectSvr: number, message: ChatMessage, reason: RejectReason): void {
    this.emit(EV_SENDSVR_REJECT, message.msgId, REJECT_REASONS.indexOf(reason));
    // Anti-spam's "not now" is no verdict: the message comes back later and is checked again.
    if (reason === 'rate-limited') return this.respond(connectSvr, message, -1, reason);
    const refusal: Refusal = { key: messageKey(message), message, reason, connectSvr };
    this.refusals.set(refusal.key, refusal);
    this.persist((disk) => {
      disk.rejected.set(refusal.key, reason);
      disk.admitted.delete(refusal.key);
    }, DISK_REJECTED, refusal);
  }

  private respond(connectSvr: number, message: ChatMessage, ownSeq: number, reject: RejectReason | null): void {
    this.send(connectSvr, {
      type: 'send-rpc-resp',
      device: message.fromDevice,
      resp: { type: 'send-resp', clientMsgId: message.clientMsgId, msgId: message.msgId, ownSeq, reject },
    });
  }

  /** One push request per PushSvr instance, for the inboxes it serves that took the message. */
  private requestPush(job: SendJob): void {
    // PushSvrs in the order their first inbox answered (a send reaches one or two).
    const pushSvrs: number[] = [];
    const targetsOf: PushTarget[][] = [];
    for (const target of job.committed) {
      const pushSvr = route(this.topology.pushSvrs, target.user);
      const at = pushSvrs.indexOf(pushSvr);
      if (at >= 0) targetsOf[at]!.push(target);
      else {
        pushSvrs.push(pushSvr);
        targetsOf.push([target]);
      }
    }
    for (let i = 0; i < pushSvrs.length; i++) this.send(pushSvrs[i]!, { type: 'push-req', message: job.message, targets: targetsOf[i]! });
  }
}

/** Where `user`'s inbox is among the targets, or -1 (a loop: it runs on every answered append). */
function indexOfUser(targets: readonly PushTarget[], user: number): number {
  for (let i = 0; i < targets.length; i++) if (targets[i]!.user === user) return i;
  return -1;
}

