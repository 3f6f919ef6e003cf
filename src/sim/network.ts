// The simulated network: datagrams between processes (lossy, duplicated, reordered by latency
// spread), long connections (ordered while up; clean or half-open breaks), partitions (one-way or
// two-way) and stalls. Each sending process draws from its own random stream, so adding a process
// never shifts another's draws.
import { CLIENT_END, Connection, SERVER_END } from './connection.js';
import { DATACENTER_LINK, MAX_RETRANSMITS, RETRANSMIT_TIMEOUT_US, SERVER_TCP_GIVE_UP_US, DEVICE_TCP_GIVE_UP_US, SYN_RETRANSMIT_TIMEOUT_US, type LinkProfile } from './linkProfile.js';
import type { RandomStream } from './random.js';
import {
  EV_CONN_ACCEPT,
  EV_CONN_CLOSED,
  EV_CONN_ESTABLISHED,
  EV_CONN_MESSAGE,
  EV_DELIVER,
  EV_SERVED,
  type SimMessage,
  type Simulation,
} from './simulation.js';
import { ServiceQueues } from './serviceQueue.js';
import { defineTraceKind, hashString } from './traceKinds.js';

export const DROP_LOSS = 1;
export const DROP_PARTITION = 2;
export const DROP_DOWN = 3;
export const DROP_CLOSED = 4;
export const DROP_BLACKHOLE = 5;

const TK_DELIVER = defineTraceKind('net-deliver', ['from', 'type']);
const TK_DROP = defineTraceKind('net-drop', ['from', 'type', 'reason']);
const TK_CONN_ACCEPT = defineTraceKind('conn-accept', ['conn', 'client']);
const TK_CONN_OPEN = defineTraceKind('conn-open', ['conn', 'server']);
const TK_CONN_MESSAGE = defineTraceKind('conn-message', ['conn', 'from', 'type']);
const TK_CONN_DROP = defineTraceKind('conn-drop', ['conn', 'from', 'type', 'reason']);
const TK_CONN_CLOSED = defineTraceKind('conn-closed', ['conn']);
/** An end closed a connection itself (conn-closed is an end learning the other one did). */
const TK_CONN_CLOSE = defineTraceKind('conn-close', ['conn']);

/** Told of each message of a watched type as it is delivered (`delivered`, with the message) or dropped. */
export type MessageWatcher = (to: number, from: number, delivered: boolean, message: SimMessage | undefined) => void;
/** Told of each datagram of a watched type as its sender sends it (before any loss, copy or delay). */
/** `conn`: the long connection a message was sent on (undefined for a datagram). */
export type SendWatcher = (from: number, to: number, message: SimMessage, conn?: Connection) => void;

/** A blocked direction: messages from any of `from` to any of `to` vanish. */
interface Partition {
  readonly id: number;
  readonly from: ReadonlySet<number>;
  readonly to: ReadonlySet<number>;
}

export class Network {
  defaultProfile: LinkProfile = DATACENTER_LINK;
  /** A message's size on the wire (bytes), for links with a bandwidth; the system sets it. */
  sizeOf: (message: SimMessage) => number = () => 0;
  /** Requests on long connections that cost their server time wait here (serviceQueue.ts). */
  readonly services: ServiceQueues;
  private readonly classIds = new Map<string, number>();
  /** Each process's network class id, looked up once (profileFor runs on every message). */
  private readonly classIdOf: number[] = [];
  private readonly classProfiles = new Map<number, LinkProfile>();
  private readonly nodeProfiles: (LinkProfile | undefined)[] = [];
  /** A server's own data-centre links (a dc-link fault): used between two processes that are not devices. */
  private readonly serverProfiles: (LinkProfile | undefined)[] = [];
  private readonly stalledUntilUs: number[] = [];
  /**
   * Per process: the connections it is an end of, in the order made. A lone one (a device's) is
   * held as itself: a Set of one cost about 185 bytes a device.
   */
  private readonly connectionsOf: (Connection | Set<Connection> | undefined)[] = [];
  private readonly randomOf: (RandomStream | undefined)[] = [];
  /**
   * Message types by name, numbered as first sent: a message event carries its type's number (in
   * its slot's incarnation word), which indexes the arrays below.
   */
  private readonly typeIndexes = new Map<string, number>();
  private readonly typeHashes: number[] = [];
  /**
   * Messages of each type delivered or dropped so far. The kernel counts them as it goes: a run's
   * cost figures read the counts at the end instead of watching the most frequent trace events.
   */
  private readonly typeCounts: number[] = [];
  private readonly typeWatchers: (MessageWatcher[] | undefined)[] = [];
  private readonly sendWatchers: (SendWatcher[] | undefined)[] = [];
  /** Per process: messages handed to it, datagrams and on long connections. */
  private readonly received: number[] = [];
  private partitions: Partition[] = [];
  private nextPartitionId = 1;
  private nextConnectionId = 1;

  constructor(private readonly sim: Simulation) {
    this.services = new ServiceQueues(sim);
  }

  /** The profile for links from class `fromClass` to class `toClass` (one direction). */
  setClassProfile(fromClass: string, toClass: string, profile: LinkProfile): void {
    this.classProfiles.set(this.classKey(this.classId(fromClass), this.classId(toClass)), profile);
  }

  /** A process's own access network (a device's radio); it overrides class profiles both ways. */
  setNodeProfile(process: number, profile: LinkProfile | undefined): void {
    this.nodeProfiles[process] = profile;
  }

  nodeProfile(process: number): LinkProfile | undefined {
    return this.nodeProfiles[process];
  }

  /** A server's links to other servers (not to devices, whose access network rules those). */
  setServerProfile(process: number, profile: LinkProfile | undefined): void {
    this.serverProfiles[process] = profile;
  }

  profileFor(from: number, to: number): LinkProfile {
    const own = this.nodeProfiles[from] ?? this.nodeProfiles[to];
    if (own !== undefined) return own;
    const server = this.serverProfiles[from] ?? this.serverProfiles[to];
    if (server !== undefined && this.sim.process(from).netClass !== 'device' && this.sim.process(to).netClass !== 'device') return server;
    const key = this.classKey(this.processClassId(from), this.processClassId(to));
    return this.classProfiles.get(key) ?? this.defaultProfile;
  }

  /** Blocks `from` -> `to` (and back, unless oneWay); returns an id for `heal`. */
  partition(from: Iterable<number>, to: Iterable<number>, oneWay = false): number {
    const id = this.nextPartitionId++;
    const fromSet = new Set(from);
    const toSet = new Set(to);
    this.partitions.push({ id, from: fromSet, to: toSet });
    if (!oneWay) this.partitions.push({ id, from: toSet, to: fromSet });
    return id;
  }

  heal(partitionId: number): void {
    this.partitions = this.partitions.filter((p) => p.id !== partitionId);
  }

  healAll(): void {
    this.partitions = [];
  }

  isBlocked(from: number, to: number): boolean {
    const partitions = this.partitions;
    for (let i = 0; i < partitions.length; i++) {
      const p = partitions[i]!;
      if (p.from.has(from) && p.to.has(to)) return true;
    }
    return false;
  }

  /** Nothing reaches or leaves `process` before `untilUs` (a weak network stalls). */
  stall(process: number, untilUs: number): void {
    this.stalledUntilUs[process] = Math.max(this.stalledUntilUs[process] ?? 0, untilUs);
  }

  /** Sends a datagram. */
  send(from: number, to: number, message: SimMessage): void {
    const type = this.typeIndex(message.type);
    const senders = this.sendWatchers[type];
    if (senders !== undefined) for (const watcher of senders) watcher(from, to, message);
    if (this.isBlocked(from, to)) {
      this.dropped(type, to, from, DROP_PARTITION);
      return;
    }
    const profile = this.profileFor(from, to);
    const random = this.randomFor(from);
    if (random.bernoulli(profile.lossRate)) {
      this.dropped(type, to, from, DROP_LOSS);
      return;
    }
    this.sim.post(this.arrivalUs(from, to, profile, random), EV_DELIVER, to, type, from, message, undefined);
    if (random.bernoulli(profile.duplicateRate)) {
      const { replay } = profile;
      const copyUs = replay === undefined ? this.arrivalUs(from, to, profile, random) : this.arrivalAfter(from, to, replay.medianUs, replay.p99Us, random);
      this.sim.post(copyUs, EV_DELIVER, to, type, from, message, undefined);
    }
  }

  /** Starts opening a long connection from `client` to `server`. Success shows as onConnOpen at both ends. */
  connect(client: number, server: number): Connection {
    const conn = new Connection(this.nextConnectionId++, client, server);
    this.track(client, conn);
    this.handshake(conn, client, server, EV_CONN_ACCEPT);
    return conn;
  }

  /** Sends on a long connection. Returns false if this end already knows it is closed. */
  sendOn(conn: Connection, from: number, message: SimMessage): boolean {
    const end = conn.endOf(from);
    if (!conn.isOpen(end)) return false;
    const to = end === CLIENT_END ? conn.server : conn.client;
    const type = this.typeIndex(message.type);
    const senders = this.sendWatchers[type];
    if (senders !== undefined) for (const watcher of senders) watcher(from, to, message, conn);
    // Behind data TCP is giving up on, nothing else gets through either.
    const reason = conn.isGivingUp(end) ? DROP_LOSS : conn.blackhole ? DROP_BLACKHOLE : this.isBlocked(from, to) ? DROP_PARTITION : 0;
    if (reason !== 0) {
      this.droppedOn(conn, type, to, from, reason);
      return true;
    }
    // A peer that vanished without a word never acknowledges: TCP retransmits, then gives up.
    if (!this.sim.processes[to]!.up) this.giveUpLater(conn, end);
    const profile = this.profileFor(from, to);
    const random = this.randomFor(from);
    const retransmitDelayUs = retransmitDelay(random, profile.lossRate, RETRANSMIT_TIMEOUT_US);
    if (retransmitDelayUs === undefined) {
      this.giveUpLater(conn, end);
      return true;
    }
    const toEnd = 1 - end;
    const queuedUs = profile.bandwidthKbps === undefined ? 0 : this.transmit(conn, end, message, profile.bandwidthKbps);
    const arrivalUs = Math.max(this.arrivalUs(from, to, profile, random) + queuedUs + retransmitDelayUs, conn.lastArrivalUs(toEnd));
    conn.setLastArrivalUs(toEnd, arrivalUs);
    this.sim.post(arrivalUs, EV_CONN_MESSAGE, to, type, from, conn, message);
    return true;
  }

  /**
   * Puts a message on a connection's link after the bytes sent before it: returns how long from now
   * until its last byte has left (its wait behind them, then its own size over the bandwidth).
   */
  private transmit(conn: Connection, end: number, message: SimMessage, bandwidthKbps: number): number {
    const nowUs = this.sim.nowUs;
    // kbit/s is bits per millisecond: bytes * 8 / kbps ms.
    const doneUs = Math.max(nowUs, conn.sendFreeUs(end)) + Math.ceil((this.sizeOf(message) * 8_000) / bandwidthKbps);
    conn.setSendFreeUs(end, doneUs);
    return doneUs - nowUs;
  }

  /** One end closes; the peer learns after a one-way delay unless the path is gone. */
  close(conn: Connection, by: number): void {
    if (conn.isOpen(conn.endOf(by))) this.sim.trace.emit(TK_CONN_CLOSE, by, conn.id);
    this.endClosed(conn, by, true);
  }

  /**
   * The sender's TCP gives up on data its peer never acknowledges, after retransmitting for as long
   * as its stack does: only this end learns the connection is dead; the peer is never told.
   */
  private giveUpLater(conn: Connection, end: number): void {
    if (conn.isGivingUp(end)) return;
    conn.giveUp(end);
    const self = end === CLIENT_END ? conn.client : conn.server;
    const giveUpUs = this.sim.process(self).netClass === 'device' ? DEVICE_TCP_GIVE_UP_US : SERVER_TCP_GIVE_UP_US;
    this.sim.post(this.sim.nowUs + giveUpUs, EV_CONN_CLOSED, self, 0, 0, conn, undefined);
  }

  /** A clean break: both ends learn at once. */
  breakConnection(conn: Connection): void {
    for (const end of [CLIENT_END, SERVER_END]) {
      if (!conn.isOpen(end)) continue;
      this.sim.post(this.sim.nowUs, EV_CONN_CLOSED, end === CLIENT_END ? conn.client : conn.server, 0, 0, conn, undefined);
    }
  }

  /** A half-open break: from now on everything sent either way vanishes and neither end is told. */
  halfOpen(conn: Connection): void {
    conn.blackhole = true;
  }

  /** Every connection `process` is an end of, in the order they were made. */
  connectionsOfProcess(process: number): readonly Connection[] {
    const held = this.connectionsOf[process];
    return held === undefined ? [] : held instanceof Set ? [...held] : [held];
  }

  /** Called by the kernel when a process crashes: its ends close; peers hear unless `silent`. */
  processCrashed(process: number, silent: boolean): void {
    for (const conn of this.connectionsOfProcess(process)) {
      this.endClosed(conn, process, !silent);
      this.untrack(process, conn);
    }
  }

  /** `by`'s end is closed (or given up while connecting); the peer is told if `tellPeer` and it had it open. */
  private endClosed(conn: Connection, by: number, tellPeer: boolean): void {
    const end = conn.endOf(by);
    conn.setOpen(end, false);
    if (end === CLIENT_END) conn.clientDone = true;
    if (tellPeer && conn.isOpen(1 - end)) this.tellPeerClosed(conn, by);
    this.untrackIfDone(conn);
  }

  /**
   * Kernel dispatch for network events. `num` is the sender for a datagram or a connection
   * message; `obj1` the message or the connection; `obj2` a connection message's message; `type` a
   * message's type number (see typeIndexes: it is kept in the event's incarnation word, which a
   * message event has no use for).
   */
  dispatch(kind: number, targetId: number, num: number, obj1: unknown, obj2: unknown, type: number): void {
    const sim = this.sim;
    const target = sim.processes[targetId]!;
    switch (kind) {
      case EV_DELIVER: {
        const message = obj1 as SimMessage;
        const from = num;
        if (!target.up) {
          this.dropped(type, targetId, from, DROP_DOWN);
          return;
        }
        // A partition drops what was in flight when it began, as a cut link would.
        if (this.isBlocked(from, targetId)) {
          this.dropped(type, targetId, from, DROP_PARTITION);
          return;
        }
        sim.trace.emit(TK_DELIVER, targetId, from, this.typeHashes[type]!);
        this.counted(type, targetId, from, true, message);
        target.onMessage(from, message);
        return;
      }
      case EV_CONN_ACCEPT: {
        const conn = obj1 as Connection;
        // The client gave up (closed or crashed) before the handshake arrived, or the server is down.
        if (conn.clientDone || !target.up || conn.blackhole) return;
        conn.setOpen(SERVER_END, true);
        this.track(conn.server, conn);
        sim.trace.emit(TK_CONN_ACCEPT, conn.server, conn.id, conn.client);
        target.onConnOpen(conn);
        this.handshake(conn, conn.server, conn.client, EV_CONN_ESTABLISHED);
        return;
      }
      case EV_CONN_ESTABLISHED: {
        const conn = obj1 as Connection;
        if (!conn.isOpen(SERVER_END) || conn.clientDone || conn.blackhole || !target.up) return;
        conn.setOpen(CLIENT_END, true);
        sim.trace.emit(TK_CONN_OPEN, conn.client, conn.id, conn.server);
        target.onConnOpen(conn);
        return;
      }
      case EV_CONN_MESSAGE: {
        const conn = obj1 as Connection;
        const from = num;
        const message = obj2 as SimMessage;
        const end = conn.endOf(targetId);
        if (!conn.isOpen(end) || conn.blackhole || !target.up) {
          const reason = conn.blackhole ? DROP_BLACKHOLE : target.up ? DROP_CLOSED : DROP_DOWN;
          this.droppedOn(conn, type, targetId, from, reason);
          return;
        }
        sim.trace.emit(TK_CONN_MESSAGE, targetId, conn.id, from, this.typeHashes[type]!);
        this.counted(type, targetId, from, true, message);
        const serviceUs = target.serviceTimeUs(message);
        if (serviceUs > 0) this.services.enqueue(target, conn, message, serviceUs);
        else target.onConnMessage(conn, message);
        return;
      }
      case EV_SERVED: {
        // The kernel passes it on only to the incarnation that queued it.
        this.services.served(target, obj1 as Connection, obj2 as SimMessage);
        return;
      }
      case EV_CONN_CLOSED: {
        const conn = obj1 as Connection;
        const end = conn.endOf(targetId);
        if (!conn.isOpen(end) || !target.up) return;
        this.endClosed(conn, targetId, false);
        sim.trace.emit(TK_CONN_CLOSED, targetId, conn.id);
        target.onConnClosed(conn);
        return;
      }
      default:
        throw new Error(`unknown network event kind ${kind}`);
    }
  }

  private handshake(conn: Connection, from: number, to: number, kind: number): void {
    if (this.isBlocked(from, to)) return;
    const profile = this.profileFor(from, to);
    const random = this.randomFor(from);
    const retransmitDelayUs = retransmitDelay(random, profile.lossRate, SYN_RETRANSMIT_TIMEOUT_US);
    if (retransmitDelayUs === undefined) return;
    this.sim.post(this.arrivalUs(from, to, profile, random) + retransmitDelayUs, kind, to, 0, 0, conn, undefined);
  }

  private tellPeerClosed(conn: Connection, by: number): void {
    const peer = conn.peerOf(by);
    if (conn.blackhole || this.isBlocked(by, peer)) return;
    const profile = this.profileFor(by, peer);
    this.sim.post(this.arrivalUs(by, peer, profile, this.randomFor(by)), EV_CONN_CLOSED, peer, 0, 0, conn, undefined);
  }

  private arrivalUs(from: number, to: number, profile: LinkProfile, random: RandomStream): number {
    return this.arrivalAfter(from, to, profile.latencyMedianUs, profile.latencyP99Us, random);
  }

  /** Now plus a latency drawn from (median, p99), held until a stall at either end is over. */
  private arrivalAfter(from: number, to: number, medianUs: number, p99Us: number, random: RandomStream): number {
    return Math.max(this.sim.nowUs + random.latency(medianUs, p99Us), this.stalledUntilUs[from] ?? 0, this.stalledUntilUs[to] ?? 0);
  }

  private track(process: number, conn: Connection): void {
    const held = this.connectionsOf[process];
    if (held === undefined) this.connectionsOf[process] = conn;
    else if (held instanceof Set) held.add(conn);
    else this.connectionsOf[process] = new Set([held, conn]);
  }

  private untrack(process: number, conn: Connection): void {
    const held = this.connectionsOf[process];
    if (held === conn) this.connectionsOf[process] = undefined;
    else if (held instanceof Set && held.delete(conn) && held.size === 1) this.connectionsOf[process] = held.values().next().value;
  }

  private untrackIfDone(conn: Connection): void {
    if (!conn.finished) return;
    this.untrack(conn.client, conn);
    this.untrack(conn.server, conn);
  }

  private randomFor(process: number): RandomStream {
    let random = this.randomOf[process];
    if (random === undefined) this.randomOf[process] = random = this.sim.random.fork(`net/${this.sim.process(process).name}`);
    return random;
  }

  /** Called by the kernel as it adds a process. */
  processAdded(): void {
    this.received.push(0);
  }

  /** Messages handed to `process` so far, datagrams and on long connections. */
  receivedBy(process: number): number {
    return this.received[process] ?? 0;
  }

  /** Messages of `type` delivered or dropped so far. */
  messagesOf(type: string): number {
    const index = this.typeIndexes.get(type);
    return index === undefined ? 0 : this.typeCounts[index]!;
  }

  /** Calls `watcher` for every later message of `type`, as it is delivered or dropped (after its trace event). */
  watch(type: string, watcher: MessageWatcher): void {
    (this.typeWatchers[this.typeIndex(type)] ??= []).push(watcher);
  }

  /**
   * Calls `watcher` for every later message of `type` as it is sent, a datagram or on a long
   * connection its sender's end holds open: the sender's side, so a rule that counts what a process
   * sent need not allow for the network's losses, copies, replays and held-back bytes.
   */
  watchSends(type: string, watcher: SendWatcher): void {
    (this.sendWatchers[this.typeIndex(type)] ??= []).push(watcher);
  }

  /** A datagram was lost on the way or at a process that was down. */
  private dropped(type: number, to: number, from: number, reason: number): void {
    this.sim.trace.emit(TK_DROP, to, from, this.typeHashes[type]!, reason);
    this.counted(type, to, from, false);
  }

  /** A message on `conn` never reached `to`'s application. */
  private droppedOn(conn: Connection, type: number, to: number, from: number, reason: number): void {
    this.sim.trace.emit(TK_CONN_DROP, to, conn.id, from, this.typeHashes[type]!, reason);
    this.counted(type, to, from, false);
  }

  /** Counts a message, after its trace event, and tells the type's watchers. */
  private counted(type: number, to: number, from: number, delivered: boolean, message?: SimMessage): void {
    this.typeCounts[type]++;
    if (delivered) this.received[to]++;
    const watchers = this.typeWatchers[type];
    if (watchers !== undefined) for (const watcher of watchers) watcher(to, from, delivered, message);
  }

  /** The number of message type `type`, given on first use. */
  private typeIndex(type: string): number {
    let index = this.typeIndexes.get(type);
    if (index === undefined) {
      this.typeIndexes.set(type, (index = this.typeHashes.length));
      this.typeHashes.push(hashString(type));
      this.typeCounts.push(0);
      this.typeWatchers.push(undefined);
      this.sendWatchers.push(undefined);
    }
    return index;
  }

  private processClassId(process: number): number {
    return (this.classIdOf[process] ??= this.classId(this.sim.process(process).netClass));
  }

  private classId(name: string): number {
    let id = this.classIds.get(name);
    if (id === undefined) this.classIds.set(name, (id = this.classIds.size));
    return id;
  }

  private classKey(fromClass: number, toClass: number): number {
    return fromClass * 4096 + toClass;
  }
}

/**
 * TCP turns loss into delay: each lost try waits a doubling retransmission timeout. Returns the
 * total wait, or undefined when every try was lost and TCP gives up.
 */
function retransmitDelay(random: RandomStream, lossRate: number, firstTimeoutUs: number): number | undefined {
  let delayUs = 0;
  for (let attempt = 1; random.bernoulli(lossRate); attempt++) {
    if (attempt > MAX_RETRANSMITS) return undefined;
    delayUs += firstTimeoutUs * 2 ** (attempt - 1);
  }
  return delayUs;
}
