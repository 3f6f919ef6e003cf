// The protocol's open windows, followed from the trace: which devices have a pull in flight, which
// allocators a max_seq write, which inboxes an allocated append not yet committed and appends
// waiting behind it, which messages a SendSvr is fanning out, which connections a ConnectSvr still
// holds, which sends are in flight.
// Coverage points ask it about the moment just before each event: its listeners are attached after
// theirs, so an event that closes a window is judged with the window still open.
import { IdMap } from '../../sim/idMap.js';
import { NumberMap } from '../../sim/numberMap.js';
import { traceKindByName } from '../../sim/traceKinds.js';
import type { Trace } from '../../sim/trace.js';
import {
  EV_ALLOC,
  EV_ALLOC_PERSIST,
  EV_ALLOC_PERSIST_BEGIN,
  EV_APPEND_QUEUED,
  EV_COMMIT,
  EV_CURSOR,
  EV_DEVICE_RESTORED,
  EV_DEVICE_RETIRED,
  EV_DEVICE_START,
  EV_INBOX_FULL,
  EV_LEASE_GRANTED,
  EV_PULL,
  EV_SEND_ABANDONED,
  EV_SEND_ACKED,
  EV_SEND_ATTEMPT,
  EV_SEND_REJECTED,
  EV_SENDSVR_ACK,
  EV_SENDSVR_ADMIT,
  EV_SENDSVR_REJECT,
  EV_SESSION,
  SESSION_DOWN,
} from '../../system/events.js';
import type { Topology } from '../../system/topology.js';
import type { Ledger } from '../ledger.js';
import { Routes } from '../routes.js';

interface LastAlloc {
  seq: number;
  timeUs: number;
}

export class ProtocolWindows {
  /** Devices with a pull in flight (from the pull to the cursor write that ends it, or its session's end). */
  private readonly pulling = new NumberMap<true>();
  private readonly pullsOfUser = new IdMap<number>();
  /** Per allocator: max_seq writes begun and not yet durable. */
  private readonly persists = new Map<number, number>();
  /** Per inbox user: the message whose seq was allocated and is not committed yet. */
  private readonly appending = new NumberMap<number>();
  /** Per inbox user: appends waiting behind the one being written. */
  private readonly queued = new Map<number, NumberMap<true>>();
  /** Per SendSvr: messages it admitted and has not acked or rejected yet. */
  private readonly admitted = new Map<number, NumberMap<true>>();
  /** Server ends still open, by connection: the client (device) and the server. */
  private readonly serverEnds = new Map<number, { readonly client: number; readonly server: number }>();
  /**
   * How many of those each client and each server has: the questions asked on every connection
   * opened and every crash are then answered without a pass over every connection (at 40,000
   * devices such passes took half the run).
   */
  private readonly endsOfClient = new IdMap<number>();
  private readonly endsOfServer = new IdMap<number>();
  /** Sends attempted and not yet committed everywhere, acked or rejected. */
  private readonly inFlight = new NumberMap<true>();
  /** Sends abandoned by the reinstall or restore under way: in flight until it is done. */
  private readonly orphaned: number[] = [];
  private readonly lastAlloc = new IdMap<LastAlloc>();
  private readonly restartedUs = new Map<number, number>();
  /** Who serves each inbox and section, followed through the trace (made by follow). */
  private routes!: Routes;
  /** Each allocator section group's lease holder, by its store's grants. */
  private readonly leaseOwners: number[] = [];
  /** Processes stopped by a pause (allocator-failover). */
  private readonly paused = new Set<number>();

  constructor(
    readonly ledger: Ledger,
    readonly topology: Topology,
    /** Where every user's seq space starts: the "previous seq" of a user never allocated one. */
    readonly initialSeq: number,
    private readonly sectionSize: number,
  ) {}

  isPulling(device: number): boolean {
    return this.pulling.has(device);
  }

  /** Whether some device of `user` has a pull of the user's inbox in flight. */
  isInboxPulled(user: number): boolean {
    return (this.pullsOfUser.get(user) ?? 0) > 0;
  }

  persistsPending(allocator: number): number {
    return this.persists.get(allocator) ?? 0;
  }

  /** Whether an inbox served by `store` has an append allocated and not committed. */
  hasAppendUnderWay(store: number): boolean {
    return this.appending.some((user) => this.routes.primaryOf(user) === store);
  }

  /** Whether an inbox served by `store` has appends waiting behind the one being written. */
  hasQueue(store: number): boolean {
    for (const [user, msgIds] of this.queued) if (msgIds.size > 0 && this.routes.primaryOf(user) === store) return true;
    return false;
  }

  /** Whether some message `sendSvr` admitted and has not acked or rejected passes `test`. */
  hasAdmitted(sendSvr: number, test: (msgId: number) => boolean): boolean {
    return this.admitted.get(sendSvr)?.some(test) ?? false;
  }

  /** Whether a server still holds another connection of `client` than `conn`. */
  serverHoldsOther(client: number, conn: number): boolean {
    const own = this.serverEnds.get(conn)?.client === client ? 1 : 0;
    return (this.endsOfClient.get(client) ?? 0) > own;
  }

  /** Whether a send to `user` is in flight: attempted and not yet committed to the user's inbox. */
  sendInFlightTo(user: number): boolean {
    return this.inFlight.some((msgId) => {
      const message = this.ledger.message(msgId);
      return message.targets.includes(user) && !message.commits.has(user);
    });
  }

  /** The seq last allocated to `user` and when (the start of its space, at -1, if none). */
  previousAlloc(user: number): Readonly<LastAlloc> {
    return this.lastAlloc.get(user) ?? { seq: this.initialSeq, timeUs: -1 };
  }

  /** When `allocator` last restarted (-Infinity: never). */
  restartedAtUs(allocator: number): number {
    return this.restartedUs.get(allocator) ?? -Infinity;
  }

  /** Who last held `group`'s allocator lease (undefined before any grant). */
  leaseOwner(group: number): number | undefined {
    return this.leaseOwners[group];
  }

  isPaused(process: number): boolean {
    return this.paused.has(process);
  }

  /** Starts following the trace; call after the coverage points have attached their listeners. */
  follow(trace: Trace): void {
    // Made here, after the points' listeners: a point sees the primary as it was before a promotion.
    this.routes = new Routes(this.topology, this.sectionSize, trace);
    trace.on(EV_LEASE_GRANTED, (_t, _store, group, _epoch, owner) => (this.leaseOwners[group] = owner));
    trace.on(traceKindByName('pause')!, (_t, process) => this.paused.add(process));
    trace.on(traceKindByName('resume')!, (_t, process) => this.paused.delete(process));
    trace.on(EV_PULL, (_t, device) => this.pullStarted(device));
    trace.on(EV_CURSOR, (_t, device) => this.pullEnded(device));
    trace.on(EV_DEVICE_START, (_t, device) => this.pullEnded(device));
    trace.on(EV_SESSION, (_t, device, kind) => kind === SESSION_DOWN && this.pullEnded(device));
    trace.on(EV_ALLOC_PERSIST_BEGIN, (_t, allocator) => this.persists.set(allocator, this.persistsPending(allocator) + 1));
    trace.on(EV_ALLOC_PERSIST, (_t, allocator) => this.persists.set(allocator, Math.max(0, this.persistsPending(allocator) - 1)));
    trace.on(EV_APPEND_QUEUED, (_t, _store, user, msgId) => this.queueOf(user).set(msgId, true));
    // A queued append leaves the queue when it is allocated a seq, or when its inbox is found full.
    trace.on(EV_INBOX_FULL, (_t, _sendSvr, msgId, user) => this.dequeue(user, msgId));
    trace.on(EV_ALLOC, (timeUs, _allocator, user, seq, msgId) => {
      this.dequeue(user, msgId);
      this.appending.set(user, msgId);
      const last = this.lastAlloc.get(user);
      // Kept in place: a record per allocation outlived the young generation at scale, then died old.
      if (last === undefined) this.lastAlloc.set(user, { seq, timeUs });
      else {
        last.seq = seq;
        last.timeUs = timeUs;
      }
    });
    trace.on(EV_COMMIT, (_t, _store, user, _seq, msgId) => {
      if (this.appending.get(user) === msgId) this.appending.delete(user);
      const message = this.ledger.message(msgId);
      if (message.commits.size >= message.targets.length) this.inFlight.delete(msgId);
    });
    trace.on(EV_SENDSVR_ADMIT, (_t, sendSvr, msgId) => this.admittedSet(sendSvr).set(msgId, true));
    trace.on(EV_SENDSVR_ACK, (_t, sendSvr, msgId) => this.admittedSet(sendSvr).delete(msgId));
    trace.on(EV_SENDSVR_REJECT, (_t, sendSvr, msgId) => this.admittedSet(sendSvr).delete(msgId));
    trace.on(EV_SEND_ATTEMPT, (_t, _device, msgId) => this.inFlight.set(msgId, true));
    trace.on(EV_SEND_ACKED, (_t, _device, msgId) => this.inFlight.delete(msgId));
    trace.on(EV_SEND_REJECTED, (_t, _device, msgId) => this.inFlight.delete(msgId));
    // Once its outbox is wiped, nothing retries a send: whether it still lands cannot be told. A
    // reinstall or restore abandons its sends first; they count as in flight at the reinstall itself.
    trace.on(EV_SEND_ABANDONED, (_t, _device, msgId) => this.orphaned.push(msgId));
    trace.on(EV_DEVICE_RETIRED, () => this.forgetOrphans());
    trace.on(EV_DEVICE_RESTORED, () => this.forgetOrphans());
    // The kernel's own kinds, defined where the kernel is.
    trace.on(traceKindByName('conn-accept')!, (_t, server, conn, client) => this.serverEndOpened(conn, client, server));
    trace.on(traceKindByName('conn-close')!, (_t, end, conn) => this.serverEndClosed(conn, end));
    trace.on(traceKindByName('conn-closed')!, (_t, end, conn) => this.serverEndClosed(conn, end));
    trace.on(traceKindByName('restart')!, (timeUs, process) => this.restartedUs.set(process, timeUs));
    trace.on(traceKindByName('crash')!, (_t, process) => this.crashed(process));
  }

  private pullStarted(device: number): void {
    if (this.pulling.has(device)) return;
    this.pulling.set(device, true);
    const user = this.ledger.device(device).user;
    this.pullsOfUser.set(user, (this.pullsOfUser.get(user) ?? 0) + 1);
  }

  private pullEnded(device: number): void {
    if (!this.pulling.delete(device)) return;
    const user = this.ledger.device(device).user;
    this.pullsOfUser.set(user, this.pullsOfUser.get(user)! - 1);
  }

  private forgetOrphans(): void {
    for (const msgId of this.orphaned.splice(0)) this.inFlight.delete(msgId);
  }

  private queueOf(user: number): NumberMap<true> {
    let set = this.queued.get(user);
    if (set === undefined) this.queued.set(user, (set = new NumberMap()));
    return set;
  }

  /** An append leaves its inbox's queue; an empty queue is forgotten (most inboxes never queue: a table each cost 400 bytes per user). */
  private dequeue(user: number, msgId: number): void {
    const set = this.queued.get(user);
    if (set !== undefined && set.delete(msgId) && set.size === 0) this.queued.delete(user);
  }

  private admittedSet(sendSvr: number): NumberMap<true> {
    let set = this.admitted.get(sendSvr);
    if (set === undefined) this.admitted.set(sendSvr, (set = new NumberMap()));
    return set;
  }

  private serverEndOpened(conn: number, client: number, server: number): void {
    this.serverEndGone(conn);
    this.serverEnds.set(conn, { client, server });
    this.endsOfClient.set(client, (this.endsOfClient.get(client) ?? 0) + 1);
    this.endsOfServer.set(server, (this.endsOfServer.get(server) ?? 0) + 1);
  }

  private serverEndClosed(conn: number, end: number): void {
    if (this.serverEnds.get(conn)?.server === end) this.serverEndGone(conn);
  }

  private serverEndGone(conn: number): void {
    const ends = this.serverEnds.get(conn);
    if (ends === undefined) return;
    this.serverEnds.delete(conn);
    this.endsOfClient.set(ends.client, this.endsOfClient.get(ends.client)! - 1);
    this.endsOfServer.set(ends.server, this.endsOfServer.get(ends.server)! - 1);
  }

  /** A crash ends what the process held in memory and every connection end it had. */
  private crashed(process: number): void {
    this.pullEnded(process);
    this.persists.delete(process);
    this.admitted.delete(process);
    this.appending.deleteWhere((user) => this.routes.primaryOf(user) === process);
    for (const user of [...this.queued.keys()]) if (this.routes.primaryOf(user) === process) this.queued.delete(user);
    if ((this.endsOfServer.get(process) ?? 0) > 0) for (const [conn, ends] of this.serverEnds) if (ends.server === process) this.serverEndGone(conn);
  }
}
