// What the oracle knows, built only from the trace: which device belongs to whom, what each inbox
// committed, what each device holds, and the life of each message. Checkers read it; it is
// attached before them, so it is up to date when their listeners run.
import { IdMap } from '../sim/idMap.js';
import { NumberMap } from '../sim/numberMap.js';
import { SeqMap } from '../sim/seqMap.js';
import type { Simulation } from '../sim/simulation.js';
import { traceKindByName } from '../sim/traceKinds.js';
import type { Platform } from '../system/config.js';
import type { DirectoryModel } from './directoryModel.js';
import { MessageTable, type MessageFacts } from './messageTable.js';
import { SessionLog } from './sessionLog.js';
import {
  EV_APP_STATE,
  EV_COMMIT,
  EV_COMPOSE,
  EV_CURSOR,
  EV_DEVICE_BACKUP,
  EV_DEVICE_RESTORED,
  EV_DIRECTORY,
  EV_SENDSVR_ADMIT,
  EV_DEVICE_RETIRED,
  EV_DEVICE_START,
  EV_INBOX_FULL,
  EV_OUTBOX,
  EV_SEND_ABANDONED,
  EV_SEND_ACKED,
  EV_SEND_DEFERRED,
  EV_SEND_REJECTED,
  EV_SENDSVR_ACK,
  EV_LOGIN,
  EV_SESSION,
  EV_SPAM,
  EV_STORE,
  PLATFORMS,
  SESSION_DOWN,
  SESSION_FOREGROUND,
} from '../system/events.js';

export interface DeviceFacts {
  readonly id: number;
  readonly user: number;
  readonly platform: Platform;
  retired: boolean;
  /** The app is running (not killed, not crashed). */
  up: boolean;
  /** The app is in the background. */
  background: boolean;
  /** Held messages: seq -> msgId (a restore from backup puts back the backup's). */
  held: SeqIndex;
  cursor: number;
  /** Current session kind (SESSION_*) and since when, and the ConnectSvr it is on (-1: none). */
  sessionKind: number;
  sessionSinceUs: number;
  connectSvr: number;
  /** The ConnectSvr of the latest session, kept after it ends (-1: never connected). */
  lastConnectSvr: number;
  /** When a ConnectSvr last took this device's hello (-1: never); the device hears of it later. */
  serverLoginUs: number;
  /** Bumped whenever the session starts or ends (or the app starts or dies). */
  sessionEpoch: number;
  /** Every session so far, for windows in the past. */
  readonly sessions: SessionLog;
  /** Bumped whenever the app starts, dies, or moves between foreground and background. */
  appEpoch: number;
}

/** seq -> msgId: a user's committed inbox, or what a device holds; with the queries the oracle asks of them. */
export class SeqIndex extends SeqMap<number> {
  /** Whether `msgId` is at `seq` (among the messages there, if a bug put two). */
  holds(seq: number, msgId: number): boolean {
    for (let i = this.firstAbove(seq - 1); i < this.count && this.seqAt(i) === seq; i++) if (this.values[i] === msgId) return true;
    return false;
  }

  /** How many seqs lie in (afterSeq, uptoSeq]. */
  countBetween(afterSeq: number, uptoSeq: number): number {
    return Math.max(0, this.firstAbove(uptoSeq) - this.firstAbove(afterSeq));
  }

  /** Seqs in (afterSeq, uptoSeq]. */
  *between(afterSeq: number, uptoSeq: number): Generator<number> {
    for (let i = this.firstAbove(afterSeq); i < this.count && this.seqAt(i) <= uptoSeq; i++) yield this.seqAt(i);
  }

  /** The first seq in (afterSeq, uptoSeq] that `held` lacks, or undefined (a loop, not a generator: the oracle asks on every delivery). */
  firstMissingFrom(held: SeqIndex, afterSeq: number, uptoSeq: number): number | undefined {
    for (let i = this.firstAbove(afterSeq); i < this.count && this.seqAt(i) <= uptoSeq; i++) {
      if (!held.has(this.seqAt(i))) return this.seqAt(i);
    }
    return undefined;
  }

  /** Whether `held` lacks a seq above `afterSeq` whose message `test` accepts. */
  lacksWhere(held: SeqIndex, afterSeq: number, test: (msgId: number) => boolean): boolean {
    for (let i = this.firstAbove(afterSeq); i < this.count; i++) {
      if (!held.has(this.seqAt(i)) && test(this.values[i]!)) return true;
    }
    return false;
  }
}

export class Ledger {
  readonly devices = new IdMap<DeviceFacts>();
  readonly messages = new MessageTable();
  private readonly inboxes = new IdMap<SeqIndex>();
  /** Installed devices of each user. */
  private readonly devicesOfUser = new IdMap<DeviceFacts[]>();
  /**
   * Kept up to date event by event so that "is the system quiet?" costs nothing: (installed device,
   * committed inbox entry) pairs the device does not hold yet, and sends not yet settled.
   */
  private missingDeliveries = 0;
  private unsettledSends = 0;
  /** Steps towards quiet so far: a missing entry stored on its device, or a send settled. */
  progress = 0;
  /** What the device held at each backup of its app data (restore-backup), by backup id. */
  private readonly backups = new Map<number, SeqIndex>();
  /** Per message, the recipients whose inbox SendSvr found full (rare: only at the end of a seq space). */
  private readonly foundFull = new NumberMap<number[]>();
  /** For the current commit event: the message was already committed in that inbox (at another seq). */
  repeatCommit = false;
  /** For the current commit event: it announces again a commit already made (same inbox, message and seq). */
  reannounced = false;
  /** For the current store event: the device already held that message at that seq. */
  repeatStore = false;

  constructor(
    readonly sim: Simulation,
    directory: DirectoryModel,
  ) {
    const trace = sim.trace;
    trace.on(EV_DEVICE_START, (timeUs, device, user, platform) => {
      let facts = this.devices.get(device);
      if (facts === undefined) {
        facts = {
          id: device,
          user,
          platform: PLATFORMS[platform]!,
          retired: false,
          up: true,
          background: false,
          held: new SeqIndex(),
          cursor: 0,
          sessionKind: SESSION_DOWN,
          sessionSinceUs: timeUs,
          connectSvr: -1,
          lastConnectSvr: -1,
          serverLoginUs: -1,
          sessionEpoch: 0,
          sessions: new SessionLog(timeUs),
          appEpoch: 0,
        };
        this.devices.set(device, facts);
        // concat leaves no slack: a user has a device or two, and a pushed array keeps room for 16.
        this.devicesOfUser.set(user, this.installed(user).concat(facts));
        this.missingDeliveries += this.inbox(user).size;
      }
      facts.up = true;
      facts.background = false;
      this.sessionChanged(facts, SESSION_DOWN, timeUs, -1);
      facts.appEpoch++;
    });
    // The kernel's crash event: a device whose app died has no session, whatever it last said.
    trace.on(traceKindByName('crash')!, (timeUs, process) => {
      const facts = this.devices.get(process);
      if (facts === undefined) return;
      facts.up = false;
      this.sessionChanged(facts, SESSION_DOWN, timeUs, -1);
      facts.appEpoch++;
    });
    trace.on(EV_APP_STATE, (_t, device, background) => {
      const facts = this.device(device);
      facts.background = background === 1;
      facts.appEpoch++;
    });
    trace.on(EV_DEVICE_RETIRED, (_t, device) => {
      const facts = this.device(device);
      facts.retired = true;
      this.devicesOfUser.set(facts.user, this.installed(facts.user).filter((d) => d !== facts));
      this.missingDeliveries -= this.inbox(facts.user).seqList().filter((seq) => !facts.held.has(seq)).length;
    });
    // The oracle's own directory follows every change asked for, at the moment the system's takes it.
    trace.on(EV_DIRECTORY, (_t, _control, change, user, other) => {
      directory.follow(change, user, other);
    });
    // A message goes to the inboxes of the directory as SendSvr found it when it admitted the send.
    trace.on(EV_SENDSVR_ADMIT, (_t, _sendSvr, msgId) => {
      const facts = this.message(msgId);
      facts.targets = directory.inboxesOf(facts.user, facts.toUser, facts.group) ?? [];
    });
    trace.on(EV_DEVICE_BACKUP, (_t, device, _user, _seqCli, backup) => {
      this.backups.set(backup, this.device(device).held.clone());
    });
    trace.on(EV_DEVICE_RESTORED, (_t, device, _user, seqCli, backup) => {
      const facts = this.device(device);
      const held = this.backups.get(backup);
      if (held === undefined) throw new Error(`oracle: device ${device} restored from unknown backup ${backup}`);
      this.backups.delete(backup);
      const seqs = this.inbox(facts.user).seqList();
      const missingBefore = seqs.filter((seq) => !facts.held.has(seq)).length;
      facts.held = held;
      facts.cursor = seqCli;
      this.missingDeliveries += seqs.filter((seq) => !facts.held.has(seq)).length - missingBefore;
    });
    trace.on(EV_LOGIN, (timeUs, _connectSvr, device) => {
      this.device(device).serverLoginUs = timeUs;
    });
    trace.on(EV_SESSION, (timeUs, device, kind, connectSvr) => {
      this.sessionChanged(this.device(device), kind, timeUs, kind === SESSION_DOWN ? -1 : connectSvr);
    });
    trace.on(EV_COMPOSE, (timeUs, device, msgId, user, toUser, group) => {
      const targets = directory.inboxesOf(user, toUser, group) ?? [];
      const sender = this.device(device);
      this.messages.add({
        msgId,
        user,
        device,
        composedUs: timeUs,
        targets,
        senderHealthy: sender.sessionKind === SESSION_FOREGROUND && sender.sessionSinceUs <= timeUs,
        senderEpoch: sender.sessionEpoch,
        senderConnectSvr: sender.connectSvr,
        toUser,
        group,
      });
    });
    trace.on(EV_SPAM, (_t, _device, msgId) => {
      this.message(msgId).spam = true;
    });
    // A deferred send waited by policy, not for the system: its sender no longer counts as healthy.
    trace.on(EV_SEND_DEFERRED, (_t, _device, msgId) => {
      this.message(msgId).senderHealthy = false;
    });
    trace.on(EV_SENDSVR_ACK, (timeUs, _sendSvr, msgId) => {
      const facts = this.message(msgId);
      if (facts.svrAckUs < 0) facts.svrAckUs = timeUs;
    });
    trace.on(EV_INBOX_FULL, (_t, _sendSvr, msgId, user) => {
      const facts = this.message(msgId);
      facts.targets = facts.targets.filter((target) => target !== user);
      this.foundFull.set(msgId, [...(this.foundFull.get(msgId) ?? []), user]);
    });
    trace.on(EV_OUTBOX, (_t, _d, msgId) => {
      this.message(msgId).outboxed = true;
      this.unsettledSends++;
    });
    trace.on(EV_SEND_ACKED, (timeUs, _d, msgId) => {
      this.settle(msgId, (facts) => (facts.ackedUs = timeUs));
    });
    trace.on(EV_SEND_REJECTED, (_t, _d, msgId) => {
      this.settle(msgId, (facts) => (facts.rejected = true));
    });
    trace.on(EV_SEND_ABANDONED, (_t, _d, msgId) => {
      this.settle(msgId, (facts) => (facts.abandoned = true));
    });
    trace.on(EV_COMMIT, (_t, _store, user, seq, msgId) => {
      const commits = this.message(msgId).commits;
      // A new MsgStore primary commits its log's tail again, and so announces again a commit an
      // earlier primary made: the same message at the same seq in the same inbox is that commit,
      // not a second one, and changes nothing (even when a bug had committed it at two seqs).
      this.reannounced = commits.has(user) && this.inbox(user).holds(seq, msgId);
      if (this.reannounced) return;
      this.inbox(user).add(seq, msgId);
      this.repeatCommit = commits.has(user);
      if (!this.repeatCommit) commits.set(user, seq);
      for (const device of this.installed(user)) if (!device.held.has(seq)) this.missingDeliveries++;
    });
    trace.on(EV_STORE, (_t, device, msgId, seq, user) => {
      const facts = this.device(device);
      if (!facts.held.has(seq) && !facts.retired && this.inbox(user).has(seq)) {
        this.missingDeliveries--;
        this.progress++;
      }
      // A message held at another seq too shows as a second commit, which no-duplicate reports.
      this.repeatStore = facts.held.get(seq) === msgId;
      facts.held.set(seq, msgId);
    });
    trace.on(EV_CURSOR, (_t, device, seqCli) => {
      const facts = this.device(device);
      facts.cursor = Math.max(facts.cursor, seqCli);
    });
  }

  private sessionChanged(facts: DeviceFacts, kind: number, timeUs: number, connectSvr: number): void {
    if (facts.sessionKind === kind && kind === SESSION_DOWN) return;
    facts.sessionKind = kind;
    facts.sessionSinceUs = timeUs;
    facts.connectSvr = connectSvr;
    if (connectSvr >= 0) facts.lastConnectSvr = connectSvr;
    facts.sessionEpoch++;
    facts.sessions.add(timeUs, kind, connectSvr);
  }

  /** Whether the device has a usable long connection (in the foreground or woken from the background). */
  static connected(device: DeviceFacts): boolean {
    return device.sessionKind !== SESSION_DOWN;
  }

  inbox(user: number): SeqIndex {
    let inbox = this.inboxes.get(user);
    if (inbox === undefined) this.inboxes.set(user, (inbox = new SeqIndex()));
    return inbox;
  }

  device(id: number): DeviceFacts {
    const facts = this.devices.get(id);
    if (facts === undefined) throw new Error(`oracle: event for unknown device ${id}`);
    return facts;
  }

  message(msgId: number): MessageFacts {
    const facts = this.messages.get(msgId);
    if (facts === undefined) throw new Error(`oracle: event for unknown message ${msgId}`);
    return facts;
  }

  /** The inboxes SendSvr found full for the message (each taken out of its targets); undefined if none. */
  inboxesFoundFull(msgId: number): readonly number[] | undefined {
    return this.foundFull.get(msgId);
  }

  /** Devices that must end up holding their user's whole inbox. */
  activeDevices(): DeviceFacts[] {
    return [...this.devices.values()].filter((device) => !device.retired);
  }

  /** Whether `device` holds every entry of its inbox up to `seq` (entries below its cursor taken as held). */
  holdsUpTo(device: DeviceFacts, seq: number): boolean {
    return this.firstMissing(device, seq) === undefined;
  }

  /** The first entry of `device`'s inbox up to `seq` it does not hold (above its cursor). */
  firstMissing(device: DeviceFacts, seq: number): number | undefined {
    return this.inbox(device.user).firstMissingFrom(device.held, device.cursor, seq);
  }

  /** Whether `device` lacks an entry of its inbox whose send SendSvr acked (and asked to hint) before `ackedBeforeUs`. */
  lacksAckedBefore(device: DeviceFacts, ackedBeforeUs: number): boolean {
    const inbox = this.inbox(device.user);
    // Caught up to its cursor (the usual case): nothing to look through.
    if (inbox.size === 0 || inbox.maxSeq <= device.cursor) return false;
    return inbox.lacksWhere(device.held, device.cursor, (msgId) => {
      const ackUs = this.message(msgId).svrAckUs;
      return ackUs >= 0 && ackUs < ackedBeforeUs;
    });
  }

  /** Entries of `device`'s inbox up to `seq` it does not hold yet (above its cursor). */
  backlog(device: DeviceFacts, seq: number): number {
    return this.inbox(device.user).countBetween(device.cursor, seq);
  }

  /** Every installed device holds its whole inbox and every send is settled. O(1). */
  quiet(): boolean {
    return this.missingDeliveries === 0 && this.unsettledSends === 0;
  }

  /** Installed devices of `user`. */
  installed(user: number): DeviceFacts[] {
    let devices = this.devicesOfUser.get(user);
    if (devices === undefined) this.devicesOfUser.set(user, (devices = []));
    return devices;
  }

  /** Settles a send once (the first ack, rejection or abandonment counts). */
  private settle(msgId: number, mark: (facts: MessageFacts) => void): void {
    const facts = this.message(msgId);
    const wasSettled = this.settled(facts);
    mark(facts);
    if (!wasSettled && facts.outboxed) {
      this.unsettledSends--;
      this.progress++;
    }
  }

  /** Whether the message's fate is settled from the sender's point of view. */
  settled(message: MessageFacts): boolean {
    return !message.outboxed || message.ackedUs >= 0 || message.rejected || message.abandoned;
  }
}
