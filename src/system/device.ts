// The client app on one device. Durable: the messages it holds (by seq), its cursor Seq_cli, and
// its outbox. It keeps a long connection (heartbeats, capped exponential backoff with jitter) and
// pulls on connect, on a hint, on a platform push, on a timer and after a timeout. A pulled batch
// is stored before the cursor moves past it; completeness comes from the server's bound, never
// from counting seqs, so gaps are harmless.
import type { Connection } from '../sim/connection.js';
import { ListMap } from '../sim/listMap.js';
import { Process } from '../sim/process.js';
import { SeqMap } from '../sim/seqMap.js';
import type { TimerHandle } from '../sim/simulation.js';
import type { Platform, SystemKnobs } from './config.js';
import {
  EV_APP_STATE,
  EV_COMPOSE,
  EV_CONNECT_ATTEMPT,
  EV_CURSOR,
  EV_DEVICE_START,
  EV_NOTIFY,
  EV_OUTBOX,
  EV_PULL,
  EV_SEND_ACKED,
  EV_SEND_ATTEMPT,
  EV_SEND_DEFERRED,
  EV_SEND_REJECTED,
  EV_SESSION,
  EV_SLEEP,
  EV_SPAM,
  EV_STORE,
  EV_WAKE,
  EV_BACKGROUND_FETCH,
  PLATFORMS,
  PULL_REASONS,
  REJECT_REASONS,
  SESSION_DOWN,
  SESSION_FOREGROUND,
  SESSION_WOKEN,
  type PullReason,
} from './events.js';
import type { Topology } from './topology.js';
import type { ChatMessage, InboxEntry, PullResp, SendResp, Wire } from './wire.js';
import { pageBudgetBytes, pullTimeoutOn } from './wireSizes.js';

export interface DeviceDisk {
  /** Messages held on the device, by seq in the user's inbox. */
  readonly store: SeqMap<ChatMessage>;
  /** Every message of the inbox at or below this seq is in `store`. */
  seqCli: number;
  /** Composed, not yet acked or rejected, by client message id. */
  readonly outbox: ListMap<number, ChatMessage>;
  /** Only under the planted bug 'client-msg-id-counter': the next id of a per-device counter. */
  nextClientMsgId: number;
}

/** A copy of the disk, as a backup holds it (messages are immutable, so the maps are copied shallowly). */
export function copyDeviceDisk(disk: DeviceDisk): DeviceDisk {
  return { store: disk.store.clone(), seqCli: disk.seqCli, outbox: disk.outbox.clone(), nextClientMsgId: disk.nextClientMsgId };
}

export function emptyDeviceDisk(): DeviceDisk {
  return { store: new SeqMap(), seqCli: 0, outbox: new ListMap(), nextClientMsgId: 1 };
}

const TIMER_HEARTBEAT = 1;
const TIMER_CONNECT = 2;
const TIMER_RECONNECT = 3;
const TIMER_PULL = 4;
const TIMER_PERIODIC_PULL = 5;
const TIMER_SEND_RETRY = 6;
const TIMER_BACKGROUND_FETCH = 7;
const TIMER_WAKE_LINGER = 8;

const DISK_OUTBOX = 1;
const DISK_STORE = 2;
const DISK_CURSOR = 3;
const DISK_SETTLED = 4;

/** A pulled page on its way to disk: the entries, then the cursor (in that order, unless a bug). */
interface Batch {
  readonly entries: readonly InboxEntry[];
  readonly cursor: number;
  readonly more: boolean;
  readonly steps: readonly (typeof DISK_STORE | typeof DISK_CURSOR)[];
  step: number;
  /** Entries the store write actually added (not already held). */
  readonly added: InboxEntry[];
}

export class Device extends Process<Wire, DeviceDisk> {
  // ---- volatile ----
  private conn: Connection | undefined = undefined;
  private ready = false;
  private connectAttempts = 0;
  private lastHeardUs = 0;
  private heartbeatTimer: TimerHandle | undefined = undefined;
  private connectTimer: TimerHandle | undefined = undefined;
  private reconnectTimer: TimerHandle | undefined = undefined;
  private fetchTimer: TimerHandle | undefined = undefined;
  /** One at a time: an older linger must not end a later wake before it has connected. */
  private lingerTimer: TimerHandle | undefined = undefined;
  /** Id of the pull under way (0: none), whether its answer came, its timeout, and whether another was asked for meanwhile. */
  private pullReqId = 0;
  private pullAnswered = false;
  /**
   * The first try of the pull in flight: its retries ask the same question (what lies above the
   * cursor since whatever started it), so an answer to any of them will do. An earlier pull's answer
   * will not: it may predate the hint that started this one.
   */
  private pullFirstReqId = 0;
  private pullTimer: TimerHandle | undefined = undefined;
  private pullAgain = false;
  private nextPullReqId = 1;
  /** Sends under way (none: undefined, as is `settling` when empty: a device is idle most of a big run, and the two tables cost 300 bytes). */
  private sendRetries: Map<number, { attempt: number; timer: TimerHandle | undefined }> | undefined = undefined;
  /** Acks or rejections whose outbox removal is being written. */
  private settling: Set<number> | undefined = undefined;
  private nextClientMsgId = 1;
  /** The app is in the background: no long connection unless a push woke it. */
  background = false;
  /** Only under the planted bug 'busy-as-logout': the app took a busy answer for a logout and waits for the user. */
  private loggedOut = false;
  private waking = false;

  constructor(
    name: string,
    readonly user: number,
    readonly platform: Platform,
    private readonly knobs: SystemKnobs,
    private readonly topology: Topology,
    disk: DeviceDisk = emptyDeviceDisk(),
  ) {
    super(name, 'device', disk);
  }

  start(restarted: boolean): void {
    this.conn = undefined;
    this.ready = false;
    this.connectAttempts = 0;
    this.pullReqId = 0;
    this.pullAgain = false;
    this.sendRetries = undefined;
    this.settling = undefined;
    this.nextClientMsgId = this.durable.nextClientMsgId;
    this.background = false;
    this.waking = false;
    this.loggedOut = false;
    this.emit(EV_DEVICE_START, this.user, PLATFORMS.indexOf(this.platform), restarted ? 1 : 0);
    this.setTimer(this.knobs.periodicPullUs, TIMER_PERIODIC_PULL);
    this.connect();
  }

  // ---- what the user does ----

  /** The user sends a message from this device (a 1:1 message to `toUser`, or to `group`). */
  compose(msgId: number, toUser: number, group: number, spam: boolean, textBytes: number): void {
    // A random id survives a restore from backup; the planted bug 'client-msg-id-counter' counts
    // from the disk's counter, which a restore winds back, so a new message reuses an old id.
    const clientMsgId = this.knobs.mutants.has('client-msg-id-counter') ? this.id * 2 ** 24 + this.nextClientMsgId++ : this.drawClientMsgId();
    const message: ChatMessage = { msgId, fromUser: this.user, fromDevice: this.id, clientMsgId, toUser, group, spam, textBytes };
    this.emit(EV_COMPOSE, msgId, this.user, toUser, group);
    if (spam) this.emit(EV_SPAM, msgId);
    const nextClientMsgId = this.nextClientMsgId;
    this.persist((disk) => {
      disk.outbox.set(clientMsgId, message);
      disk.nextClientMsgId = Math.max(disk.nextClientMsgId, nextClientMsgId);
    }, DISK_OUTBOX, message);
  }

  /** 52 random bits: two draws, 20 and 32 bits. */
  private drawClientMsgId(): number {
    const random = this.random('client-msg-id');
    return random.int(0, 2 ** 20) * 2 ** 32 + random.int(0, 2 ** 32);
  }

  goBackground(): void {
    if (this.background) return;
    this.background = true;
    this.waking = false;
    this.emit(EV_APP_STATE, 1);
    this.disconnect(false);
    this.cancelTimer(this.reconnectTimer);
    this.fetchTimer = this.setTimer(this.knobs.backgroundFetchUs, TIMER_BACKGROUND_FETCH);
  }

  goForeground(): void {
    if (!this.background) return;
    this.background = false;
    this.waking = false;
    this.emit(EV_APP_STATE, 0);
    this.cancelTimer(this.fetchTimer);
    this.connectAttempts = 0;
    if (this.conn === undefined) this.connect();
    else this.pull('connect');
  }

  get outboxSize(): number {
    return this.durable.outbox.size;
  }

  // ---- events ----

  override onConnOpen(conn: Connection): void {
    if (conn !== this.conn) {
      this.closeConnection(conn);
      return;
    }
    this.lastHeardUs = this.nowUs;
    this.sendOn(conn, { type: 'hello', user: this.user, device: this.id, platform: this.platform });
    this.heartbeatTimer = this.setTimer(this.knobs.heartbeatIntervalUs, TIMER_HEARTBEAT);
  }

  override onConnClosed(conn: Connection): void {
    if (conn === this.conn) this.disconnect(true);
  }

  override onConnMessage(conn: Connection, message: Wire): void {
    if (conn !== this.conn) return;
    this.lastHeardUs = this.nowUs;
    switch (message.type) {
      case 'hello-ok':
        return this.connected(conn);
      case 'hello-busy':
        // Back-pressure: try again after the backoff (the next ConnectSvr in turn). The planted bug
        // 'busy-as-logout' takes it for a forced logout and stops connecting until the app restarts.
        if (this.knobs.mutants.has('busy-as-logout')) this.loggedOut = true;
        return this.disconnect(!this.loggedOut);
      case 'heartbeat-ack':
        return;
      case 'send-resp':
        return this.sendResponse(message);
      case 'pull-resp':
        return this.pullResponse(message);
      case 'notify':
        this.emit(EV_NOTIFY, message.msgId);
        if (this.knobs.mutants.has('push-carries-payload')) this.storePushed(message.entry);
        else this.pull('notify');
        return;
      default:
        super.onConnMessage(conn, message);
    }
  }

  override onMessage(from: number, message: Wire): void {
    if (message.type !== 'platform-wake') return super.onMessage(from, message);
    this.emit(EV_WAKE, message.msgId);
    this.wake('platform');
  }

  override onTimer(tag: number, data: unknown): void {
    switch (tag) {
      case TIMER_HEARTBEAT:
        return this.heartbeat();
      case TIMER_CONNECT:
        if (this.conn?.id === data && !this.ready) this.disconnect(true);
        return;
      case TIMER_RECONNECT:
        return this.connect();
      case TIMER_PULL:
        if (this.pullReqId === data) {
          this.pullReqId = 0;
          this.pull('retry');
        }
        return;
      case TIMER_PERIODIC_PULL:
        if (!this.background && !this.knobs.mutants.has('no-pull-on-reconnect')) this.pull('periodic');
        this.setTimer(this.knobs.periodicPullUs, TIMER_PERIODIC_PULL);
        return;
      case TIMER_SEND_RETRY:
        return this.trySend(data as number);
      case TIMER_BACKGROUND_FETCH:
        this.emit(EV_BACKGROUND_FETCH);
        this.wake('periodic');
        // The planted bug 'fetch-not-rearmed': one background fetch, then never again.
        if (!this.knobs.mutants.has('fetch-not-rearmed')) this.fetchTimer = this.setTimer(this.knobs.backgroundFetchUs, TIMER_BACKGROUND_FETCH);
        return;
      case TIMER_WAKE_LINGER:
        return this.sleepIfDone();
      default:
        super.onTimer(tag, data);
    }
  }

  override onDiskWritten(tag: number, data: unknown): void {
    switch (tag) {
      case DISK_OUTBOX: {
        const message = data as ChatMessage;
        this.emit(EV_OUTBOX, message.msgId, message.clientMsgId);
        return this.trySend(message.clientMsgId);
      }
      case DISK_STORE:
      case DISK_CURSOR:
        return this.batchStepWritten(data as Batch, tag);
      case DISK_SETTLED: {
        const { clientMsgId, entry } = data as { clientMsgId: number; entry: InboxEntry | null };
        if (this.settling?.delete(clientMsgId) === true && this.settling.size === 0) this.settling = undefined;
        if (entry !== null) this.emit(EV_STORE, entry.message.msgId, entry.seq, this.user);
        return;
      }
    }
  }

  // ---- connection ----

  /** The network came back for everyone at once (a reconnect storm): dial the own ConnectSvr now, not after the backoff. */
  reconnectNow(): void {
    if (!this.up || this.conn !== undefined) return;
    this.cancelTimer(this.reconnectTimer);
    this.connectAttempts = 0;
    this.connect();
  }

  private connect(): void {
    if (this.conn !== undefined || (this.background && !this.waking) || this.loggedOut) return;
    const servers = this.topology.connectSvrs;
    // Start at this device's own ConnectSvr; each failed attempt tries the next one. The planted bug
    // 'connect-pinned' dials its own every time.
    const server = servers[(this.id + (this.knobs.mutants.has('connect-pinned') ? 0 : this.connectAttempts)) % servers.length]!;
    this.emit(EV_CONNECT_ATTEMPT, server, this.connectAttempts);
    this.conn = this.openConnection(server);
    this.connectTimer = this.armTimeout(this.knobs.connectTimeoutUs, TIMER_CONNECT, this.conn.id);
  }

  private connected(conn: Connection): void {
    this.ready = true;
    // The planted bug 'backoff-never-reset' keeps the backoff that failed attempts and drops grew.
    if (!this.knobs.mutants.has('backoff-never-reset')) this.connectAttempts = 0;
    this.cancelTimer(this.connectTimer);
    this.emit(EV_SESSION, this.waking ? SESSION_WOKEN : SESSION_FOREGROUND, conn.server);
    // The planted bug 'no-pull-on-reconnect': rely on push alone, no pull after a (re)connect.
    if (!this.knobs.mutants.has('no-pull-on-reconnect')) this.pull('connect');
    // The planted bug 'send-backoff-uncapped' leaves the outbox to its retry timers.
    if (!this.knobs.mutants.has('send-backoff-uncapped')) for (const clientMsgId of this.durable.outbox.keys()) this.trySend(clientMsgId);
  }

  /** Drops the connection; `reconnect` if the app still wants one. */
  private disconnect(reconnect: boolean): void {
    const conn = this.conn;
    if (conn === undefined) return;
    this.closeConnection(conn);
    if (this.ready) this.emit(EV_SESSION, SESSION_DOWN, conn.server);
    this.conn = undefined;
    this.ready = false;
    this.cancelTimer(this.heartbeatTimer);
    this.cancelTimer(this.connectTimer);
    // A pull in flight died with the connection; the next connect pulls again. The planted bug
    // 'no-pull-retry' keeps waiting for its answer forever instead.
    if (!this.knobs.mutants.has('no-pull-retry')) {
      this.cancelTimer(this.pullTimer);
      this.pullReqId = 0;
    }
    if (reconnect && (!this.background || this.waking)) {
      const doubledUs = this.knobs.reconnectBaseUs * 2 ** this.connectAttempts;
      // The planted bug 'reconnect-backoff-uncapped' lets the backoff double past its cap.
      const ceilingUs = this.knobs.mutants.has('reconnect-backoff-uncapped') ? doubledUs : Math.min(this.knobs.reconnectCapUs, doubledUs);
      this.connectAttempts++;
      this.reconnectTimer = this.setTimer(this.random('backoff').uniform() * ceilingUs, TIMER_RECONNECT);
    }
  }

  private heartbeat(): void {
    const conn = this.conn;
    if (conn === undefined) return;
    const silentUs = this.nowUs - this.lastHeardUs;
    // Only the heartbeat timeout detects a half-open connection ('half-open-no-fallback' skips it).
    if (silentUs > this.knobs.deviceHeartbeatTimeoutUs && !this.knobs.mutants.has('half-open-no-fallback')) {
      this.disconnect(true);
      return;
    }
    this.sendOn(conn, { type: 'heartbeat' });
    this.heartbeatTimer = this.setTimer(this.knobs.heartbeatIntervalUs, TIMER_HEARTBEAT);
  }

  /** A platform push or background fetch: a sleeping app connects long enough to catch up. */
  private wake(reason: PullReason): void {
    if (this.background && !this.waking) {
      this.waking = true;
      this.connectAttempts = 0;
      this.connect();
      return;
    }
    this.pull(reason);
  }

  private linger(): void {
    this.cancelTimer(this.lingerTimer);
    this.lingerTimer = this.setTimer(this.knobs.wakeLingerUs, TIMER_WAKE_LINGER);
  }

  private sleepIfDone(): void {
    if (!this.background || !this.waking) return;
    // Still connecting, pulling or sending: stay awake a while longer. The planted bug
    // 'woken-sleeps-unsent' forgets the sends.
    const sending = this.durable.outbox.size > 0 && !this.knobs.mutants.has('woken-sleeps-unsent');
    if (!this.ready || this.pullReqId !== 0 || sending) {
      this.linger();
      return;
    }
    this.waking = false;
    this.emit(EV_SLEEP);
    this.disconnect(false);
  }

  // ---- pull ----

  private pull(reason: PullReason): void {
    if (!this.ready || this.knobs.mutants.has('push-carries-payload')) return;
    if (this.pullReqId !== 0) {
      // The planted bug 'hint-dropped-while-pulling' forgets a hint that comes mid-pull.
      if (!(reason === 'notify' && this.knobs.mutants.has('hint-dropped-while-pulling'))) this.pullAgain = true;
      return;
    }
    const reqId = this.nextPullReqId++;
    this.pullReqId = reqId;
    if (reason !== 'retry') this.pullFirstReqId = reqId;
    this.pullAnswered = false;
    const seqCli = this.durable.seqCli;
    this.emit(EV_PULL, seqCli, reqId, PULL_REASONS.indexOf(reason));
    const bandwidthKbps = this.sim.network.profileFor(this.id, this.conn!.server).bandwidthKbps;
    this.sendOn(this.conn!, { type: 'pull-req', reqId, user: this.user, seqCli, maxBytes: this.pageBytesBudget(bandwidthKbps) });
    if (!this.knobs.mutants.has('no-pull-retry')) this.pullTimer = this.armTimeout(pullTimeoutOn(this.knobs.pullTimeoutUs, bandwidthKbps), TIMER_PULL, reqId);
  }

  /**
   * The most page the device's radio carries in half its pull timeout, as a phone knows its network
   * type: a page that outlasted the timeout would be asked for again, and again, each copy queued on
   * the link ahead of the answer (0: the link has no limit worth one).
   */
  private pageBytesBudget(bandwidthKbps: number | undefined): number {
    return bandwidthKbps === undefined ? 0 : pageBudgetBytes(this.knobs.pullTimeoutUs, bandwidthKbps);
  }

  private pullResponse(resp: PullResp): void {
    // A late answer to an earlier try of this pull from the same cursor answers the question still
    // open: on a link slower than the pull timeout, waiting for the latest try's own answer would
    // retry forever. A late answer to an earlier pull does not: read before the hint that started
    // this one, it may stop short of the message hinted (dead-phones seed 520985 under swarm, a
    // duplicated datagram's answer, found by fresh seeds).
    const answers = resp.reqId === this.pullReqId || (resp.reqId >= this.pullFirstReqId && resp.reqId < this.pullReqId && resp.seqCli === this.durable.seqCli);
    if (!answers || this.pullAnswered) return;
    this.pullAnswered = true;
    this.cancelTimer(this.pullTimer);
    const mutants = this.knobs.mutants;
    if (mutants.has('gap-as-loss') && hasGap(this.durable.seqCli, resp.entries)) {
      // The planted bug: a gap is taken for loss, and the same range is asked for again.
      this.pullReqId = 0;
      this.pull('retry');
      return;
    }
    const cursor = mutants.has('page-skip') ? resp.seqSvr : resp.bound;
    const steps: Batch['steps'] = mutants.has('client-cursor-before-store') ? [DISK_CURSOR, DISK_STORE] : [DISK_STORE, DISK_CURSOR];
    this.crashPoint('device.before-store');
    this.writeBatchStep({ entries: resp.entries, cursor, more: resp.more, steps, step: 0, added: [] });
  }

  private writeBatchStep(batch: Batch): void {
    const tag = batch.steps[batch.step]!;
    if (tag === DISK_STORE) {
      this.persist((disk) => {
        for (const entry of batch.entries) {
          if (disk.store.has(entry.seq)) continue;
          disk.store.set(entry.seq, entry.message);
          batch.added.push(entry);
        }
      }, DISK_STORE, batch);
    } else {
      this.persist((disk) => {
        disk.seqCli = Math.max(disk.seqCli, batch.cursor);
      }, DISK_CURSOR, batch);
    }
  }

  private batchStepWritten(batch: Batch, tag: number): void {
    if (tag === DISK_STORE) {
      for (const entry of batch.added) this.emit(EV_STORE, entry.message.msgId, entry.seq, this.user);
      this.crashPoint('device.after-store');
    } else {
      this.emit(EV_CURSOR, this.durable.seqCli, this.user);
      this.crashPoint('device.after-cursor');
    }
    if (++batch.step < batch.steps.length) {
      this.writeBatchStep(batch);
      return;
    }
    this.pullReqId = 0;
    if (batch.more) this.pull('more');
    else if (this.pullAgain) {
      this.pullAgain = false;
      this.pull('again');
    } else if (this.waking) this.linger();
  }

  /** Only under 'push-carries-payload': the hint's message is stored and the cursor jumps to it. */
  private storePushed(entry: InboxEntry | null): void {
    if (entry === null) return;
    this.writeBatchStep({ entries: [entry], cursor: entry.seq, more: false, steps: [DISK_STORE, DISK_CURSOR], step: 0, added: [] });
  }

  // ---- send ----

  private trySend(clientMsgId: number): void {
    const message = this.durable.outbox.get(clientMsgId);
    if (message === undefined || this.settling?.has(clientMsgId) === true) return;
    const retries = (this.sendRetries ??= new Map());
    const retry = retries.get(clientMsgId) ?? { attempt: 0, timer: undefined };
    retries.set(clientMsgId, retry);
    this.cancelTimer(retry.timer);
    if (!this.ready) return;
    retry.attempt++;
    this.emit(EV_SEND_ATTEMPT, message.msgId, retry.attempt);
    this.sendOn(this.conn!, { type: 'send-req', message });
    const capUs = this.knobs.mutants.has('send-backoff-uncapped') ? Infinity : this.knobs.sendRetryCapUs;
    const backoffUs = Math.min(capUs, this.knobs.sendTimeoutUs * 2 ** (retry.attempt - 1));
    retry.timer = this.armTimeout(backoffUs, TIMER_SEND_RETRY, clientMsgId);
  }

  private sendResponse(resp: SendResp): void {
    const { clientMsgId } = resp;
    const message = this.durable.outbox.get(clientMsgId);
    if (message === undefined || this.settling?.has(clientMsgId) === true) return;
    const retry = this.sendRetries?.get(clientMsgId);
    this.cancelTimer(retry?.timer);
    if (resp.reject === 'rate-limited' && !this.knobs.mutants.has('rate-limit-as-refusal')) {
      // Back-pressure, not a verdict: the message stays in the outbox and goes again after the
      // anti-spam window (a retry of a send that already committed somewhere must not be dropped).
      // The planted bug 'rate-limit-as-refusal' takes it for a final rejection.
      this.emit(EV_SEND_DEFERRED, message.msgId);
      if (retry !== undefined) retry.timer = this.setTimer(this.knobs.spamWindowUs, TIMER_SEND_RETRY, clientMsgId);
      return;
    }
    (this.settling ??= new Set()).add(clientMsgId);
    if (this.sendRetries?.delete(clientMsgId) === true && this.sendRetries.size === 0) this.sendRetries = undefined;
    if (resp.reject !== null) this.emit(EV_SEND_REJECTED, message.msgId, REJECT_REASONS.indexOf(resp.reject));
    else this.emit(EV_SEND_ACKED, message.msgId, resp.ownSeq);
    // The device holds its own message at its seq in the user's inbox as soon as it is acked
    // (unless the user's own inbox was full: ownSeq -1). The planted bug 'ack-skips-own-store'
    // leaves it to a later pull.
    const stored = resp.reject === null && resp.ownSeq >= 0 && !this.knobs.mutants.has('ack-skips-own-store');
    const own = stored ? { seq: resp.ownSeq, message } : null;
    const settled = { clientMsgId, entry: null as InboxEntry | null };
    this.persist((disk) => {
      disk.outbox.delete(clientMsgId);
      if (own !== null && !disk.store.has(own.seq)) {
        disk.store.set(own.seq, message);
        settled.entry = own;
      }
    }, DISK_SETTLED, settled);
  }
}

/** Whether the page skips a seq after the cursor (harmless: seqs have gaps by design). */
function hasGap(seqCli: number, entries: readonly InboxEntry[]): boolean {
  let previous = seqCli;
  for (const entry of entries) {
    if (entry.seq !== previous + 1) return true;
    previous = entry.seq;
  }
  return false;
}
