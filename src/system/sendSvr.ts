// SendSvr: the logic layer of the send path. Checks (anti-spam, blacklist), appends the message
// to every target inbox, records the send as done (durable dedup), and only then acks the sender
// and asks PushSvr to hint the recipients.
import { Process } from '../sim/process.js';
import type { SystemKnobs } from './config.js';
import type { DirectoryIndex } from './directory.js';
import { EV_SENDSVR_ACK, EV_SENDSVR_RECEIVED, EV_SENDSVR_REJECT, REJECT_REASONS } from './events.js';
import { Rpc } from './rpc.js';
import { route, type Topology } from './topology.js';
import { messageKey, type AppendResp, type ChatMessage, type PushTarget, type RejectReason, type SendRpc, type Wire } from './wire.js';

export interface SendSvrDisk {
  /** Completed sends: message key -> seq in the sender's own inbox. */
  readonly done: Map<number, number>;
}

interface SendJob {
  readonly key: number;
  readonly message: ChatMessage;
  readonly targets: readonly number[];
  readonly seqs: Map<number, number>;
  /** The ConnectSvr to answer through: the latest one the sender retried on. */
  connectSvr: number;
  outstanding: number;
  reject: RejectReason | null;
}

const TIMER_APPEND = 1;

export class SendSvr extends Process<Wire, SendSvrDisk> {
  private jobs = new Map<number, SendJob>();
  /** Send times per sender within the anti-spam window. */
  private recentSendsUs = new Map<number, number[]>();
  private appends!: Rpc<AppendResp>;

  constructor(
    name: string,
    private readonly knobs: SystemKnobs,
    private readonly topology: Topology,
    private readonly directory: DirectoryIndex,
  ) {
    super(name, 'server', { done: new Map() });
  }

  start(): void {
    this.jobs = new Map();
    this.recentSendsUs = new Map();
    this.appends = new Rpc(this, TIMER_APPEND, this.knobs.rpcTimeoutUs, this.knobs.rpcAttempts);
  }

  override onMessage(from: number, message: Wire): void {
    switch (message.type) {
      case 'send-rpc':
        return this.receive(from, message);
      case 'append-resp':
        return this.appends.replied(message);
      default:
        return super.onMessage(from, message);
    }
  }

  override onTimer(tag: number, data: unknown): void {
    if (tag === TIMER_APPEND) this.appends.timedOut(data as number);
    else super.onTimer(tag, data);
  }

  override onDiskWritten(_tag: number, data: unknown): void {
    const job = data as SendJob;
    this.crashPoint('send.recorded');
    this.jobs.delete(job.key);
    const ownSeq = job.seqs.get(job.message.fromUser)!;
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
    const running = this.jobs.get(key);
    if (running !== undefined) {
      running.connectSvr = connectSvr;
      return;
    }
    const targets = this.directory.targetsOf(message.fromUser, message.toUser, message.group);
    const reject = targets === undefined ? 'unknown-recipient' : this.check(message);
    if (reject !== null) {
      this.reject(connectSvr, message, reject);
      return;
    }
    this.crashPoint('send.checked');
    const job: SendJob = { key, message, targets: targets!, seqs: new Map(), connectSvr, outstanding: targets!.length, reject: null };
    this.jobs.set(key, job);
    for (const user of job.targets) {
      this.appends.call(
        route(this.topology.msgStores, user),
        (reqId) => ({ type: 'append-req', reqId, user, message }),
        (resp) => this.appended(job, resp),
        // A store stayed unreachable: forget the job; the device's retry starts it again.
        () => this.jobs.get(key) === job && this.jobs.delete(key),
      );
    }
  }

  private appended(job: SendJob, resp: AppendResp): void {
    if (this.jobs.get(job.key) !== job) return;
    if (resp.reject !== null) job.reject = resp.reject;
    else job.seqs.set(resp.user, resp.seq);
    if (--job.outstanding > 0) return;
    this.crashPoint('send.appended');
    if (job.reject !== null) {
      this.jobs.delete(job.key);
      this.reject(job.connectSvr, job.message, job.reject);
      return;
    }
    this.persist((disk) => disk.done.set(job.key, job.seqs.get(job.message.fromUser)!), 0, job);
  }

  /** Anti-spam: flagged content, or more sends in the window than a person could type. */
  private check(message: ChatMessage): RejectReason | null {
    if (message.spam) return 'spam';
    if (message.toUser >= 0 && this.directory.isBlocked(message.toUser, message.fromUser)) return 'blacklisted';
    const windowStartUs = this.nowUs - this.knobs.spamWindowUs;
    const recent = (this.recentSendsUs.get(message.fromUser) ?? []).filter((t) => t > windowStartUs);
    recent.push(this.nowUs);
    this.recentSendsUs.set(message.fromUser, recent);
    return recent.length > this.knobs.spamBurst ? 'rate-limited' : null;
  }

  private reject(connectSvr: number, message: ChatMessage, reason: RejectReason): void {
    this.emit(EV_SENDSVR_REJECT, message.msgId, REJECT_REASONS.indexOf(reason));
    this.respond(connectSvr, message, -1, reason);
  }

  private respond(connectSvr: number, message: ChatMessage, ownSeq: number, reject: RejectReason | null): void {
    this.send(connectSvr, {
      type: 'send-rpc-resp',
      device: message.fromDevice,
      resp: { type: 'send-resp', clientMsgId: message.clientMsgId, msgId: message.msgId, ownSeq, reject },
    });
  }

  /** One push request per PushSvr instance, for the target users it serves. */
  private requestPush(job: SendJob): void {
    const byPushSvr = new Map<number, PushTarget[]>();
    for (const user of job.targets) {
      const pushSvr = route(this.topology.pushSvrs, user);
      const targets = byPushSvr.get(pushSvr) ?? [];
      targets.push({ user, seq: job.seqs.get(user)! });
      byPushSvr.set(pushSvr, targets);
    }
    for (const [pushSvr, targets] of byPushSvr) this.send(pushSvr, { type: 'push-req', message: job.message, targets });
  }
}
