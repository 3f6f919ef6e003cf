// What a run cost, from the trace and the kernel's counts of messages and disk writes: pulls (by
// reason) and what they returned, hints and platform pushes, datagrams between servers, bytes on each
// link (by the size model in wireSizes.ts), disk writes, allocator persists, and the load on each
// server kind. Nothing in the system counts anything for it; the same seed gives the same figures.
import type { Simulation } from '../sim/simulation.js';
import type { Topology } from '../system/topology.js';
import { EV_ALLOC_PERSIST, EV_COMMIT, EV_PULL, EV_PUSH, EV_READ, EV_SENDSVR_ACK, EV_STORE, PULL_REASONS, PUSH_VIA_CONNECTION, PUSH_VIA_PLATFORM, type PullReason } from '../system/events.js';
import type { Ledger } from './ledger.js';
import type { Routes } from './routes.js';
import { ServerLoad, type ServerKind, type ServerLoadFigures } from './serverLoad.js';
import { LINK_CLASSES, WIRE_SIZES, WIRE_TYPES, type LinkClass } from './wireSizes.js';

export interface RunCost {
  /** Entries newly stored on a device other than the sender's: what the per-delivery figures divide by. */
  readonly deliveries: number;
  /** Sends the sender saw acked: what the per-send and per-message figures divide by. */
  readonly ackedSends: number;
  /** Pulls the devices asked for, in all and by reason. */
  readonly pulls: number;
  readonly pullsByReason: Record<PullReason, number>;
  readonly pullsPerDelivery: number | null;
  /** MsgStore reads that returned no entry. */
  readonly emptyPulls: number;
  /** Entries MsgStore reads returned to devices. */
  readonly entriesSent: number;
  /** Of those, entries the device already held when MsgStore read them for it. */
  readonly redundantEntries: number;
  /** Hints PushSvr sent over long connections. */
  readonly hints: number;
  readonly hintsPerDelivery: number | null;
  /** Hints PushSvr handed to a platform push service (APNs, WPPush, BBPush). */
  readonly platformPushes: number;
  /** Datagrams between servers (delivered or lost), in all and by message type. */
  readonly rpcs: number;
  readonly rpcsByType: Record<string, number>;
  readonly rpcsPerSend: number | null;
  /** Bytes of every message sent, delivered or lost on the way, per link class (see wireSizes.ts). */
  readonly wireBytes: { readonly total: number } & Record<LinkClass, number>;
  readonly wireBytesPerDelivery: number | null;
  /** Disk writes completed, on servers and on devices. */
  readonly diskWrites: { readonly servers: number; readonly devices: number };
  /** Servers' disk writes per acked send. */
  readonly diskWritesPerMessage: number | null;
  /** Allocator max_seq persists. */
  readonly allocPersists: number;
  readonly servers: Record<ServerKind, ServerLoadFigures>;
}

const DEVICE = LINK_CLASSES.indexOf('device');
const DATA_CENTRE = LINK_CLASSES.indexOf('dataCentre');
const PRESENCE_REFRESH = WIRE_TYPES.find((wire) => wire.type === 'presence-refresh')!;

/** A read's page crosses three links: MsgStore -> ReceiveSvr -> ConnectSvr (data centre), ConnectSvr -> device. */
const PAGE_HOPS_IN_DATA_CENTRE = 2;

export class CostRecorder {
  private readonly load: ServerLoad;
  private deliveries = 0;
  private readonly pullsByReason = new Array<number>(PULL_REASONS.length).fill(0);
  private emptyPulls = 0;
  private entriesSent = 0;
  private redundantEntries = 0;
  private hints = 0;
  private platformPushes = 0;
  /** Bytes of the lists messages carry (entries, targets, presence records), per link class in LINK_CLASSES order. */
  private readonly itemBytes = new Float64Array(LINK_CLASSES.length);
  private allocPersists = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly ledger: Ledger,
    routes: Routes,
    topology: Topology,
  ) {
    this.load = new ServerLoad(sim, ledger, routes, topology);
    const trace = sim.trace;
    trace.on(EV_PULL, (_t, _device, _seqCli, _reqId, reason) => this.pullsByReason[reason]!++);
    trace.on(EV_READ, (_t, _store, device, afterSeq, _bound, count) => this.read(device, afterSeq, count));
    trace.on(EV_STORE, (_t, device, msgId) => {
      if (!ledger.repeatStore && ledger.messages.get(msgId)?.device !== device) this.deliveries++;
    });
    trace.on(EV_PUSH, (_t, _pushSvr, _msgId, _device, via) => {
      if (via === PUSH_VIA_CONNECTION) this.hints++;
      else if (via === PUSH_VIA_PLATFORM) this.platformPushes++;
    });
    // SendSvr sends its push requests as it acks: one target per inbox that took the message.
    trace.on(EV_SENDSVR_ACK, (_t, _sendSvr, msgId) => {
      this.itemBytes[DATA_CENTRE]! += ledger.message(msgId).commits.size * WIRE_SIZES['push-req'].itemBytes!;
    });
    // A primary replicates each entry it commits to every other replica of its shard (once, unless lost).
    // (The world fills the topology in after the oracle is built: the group size is read as it runs.)
    trace.on(EV_COMMIT, () => (this.itemBytes[DATA_CENTRE]! += (topology.msgStoreGroups[0]!.length - 1) * WIRE_SIZES.replicate.itemBytes!));
    // Messages and disk writes are most of a run's events: the kernel counts them as it goes (by
    // message type, and by the process handed each), and the figures read the counts at the end.
    // A presence refresh is watched: its size depends on the sessions at the time.
    sim.network.watch(PRESENCE_REFRESH.type, (to, from) => {
      this.itemBytes[DATA_CENTRE]! += this.load.presenceListed(from, to) * PRESENCE_REFRESH.itemBytes!;
    });
    trace.on(EV_ALLOC_PERSIST, () => this.allocPersists++);
  }

  result(ackedSends: number): RunCost {
    const sim = this.sim;
    const pulls = this.pullsByReason.reduce((sum, n) => sum + n, 0);
    const byLink = Object.fromEntries(LINK_CLASSES.map((link, i) => [link, this.itemBytes[i]!])) as Record<LinkClass, number>;
    const rpcsByType: Record<string, number> = {};
    for (const wire of WIRE_TYPES) {
      const sent = sim.network.messagesOf(wire.type);
      byLink[wire.link] += sent * wire.bytes;
      if (wire.link === 'dataCentre' && sent > 0) rpcsByType[wire.type] = sent;
    }
    const rpcs = Object.values(rpcsByType).reduce((sum, n) => sum + n, 0);
    const total = LINK_CLASSES.reduce((sum, link) => sum + byLink[link], 0);
    const serverDiskWrites = this.load.servers().reduce((sum, server) => sum + sim.diskWritesOf(server), 0);
    let diskWrites = 0;
    for (let process = 0; process < sim.processes.length; process++) diskWrites += sim.diskWritesOf(process);
    const deliveries = this.deliveries;
    return {
      deliveries,
      ackedSends,
      pulls,
      pullsByReason: Object.fromEntries(PULL_REASONS.map((reason, i) => [reason, this.pullsByReason[i]!])) as Record<PullReason, number>,
      pullsPerDelivery: per(pulls, deliveries),
      emptyPulls: this.emptyPulls,
      entriesSent: this.entriesSent,
      redundantEntries: this.redundantEntries,
      hints: this.hints,
      hintsPerDelivery: per(this.hints, deliveries),
      platformPushes: this.platformPushes,
      rpcs,
      rpcsByType,
      rpcsPerSend: per(rpcs, ackedSends),
      wireBytes: { total, ...byLink },
      wireBytesPerDelivery: per(total, deliveries),
      // Devices and servers are the only processes that write to disk.
      diskWrites: { servers: serverDiskWrites, devices: diskWrites - serverDiskWrites },
      diskWritesPerMessage: per(serverDiskWrites, ackedSends),
      allocPersists: this.allocPersists,
      servers: this.load.figures(),
    };
  }

  /** A page read for `device`: its entries cross every hop to the device (the trace has their count only here). */
  private read(device: number, afterSeq: number, count: number): void {
    if (count === 0) this.emptyPulls++;
    this.entriesSent += count;
    this.redundantEntries += this.alreadyHeld(device, afterSeq, count);
    const pageBytes = count * WIRE_SIZES['read-resp'].itemBytes!;
    this.itemBytes[DATA_CENTRE]! += PAGE_HOPS_IN_DATA_CENTRE * pageBytes;
    this.itemBytes[DEVICE]! += pageBytes;
  }

  /** Of the `count` inbox entries above `afterSeq`, how many the device holds. */
  private alreadyHeld(deviceId: number, afterSeq: number, count: number): number {
    const device = this.ledger.devices.get(deviceId);
    if (device === undefined || count === 0) return 0;
    const inbox = this.ledger.inbox(device.user);
    // Seqs are positive: the entries at or below afterSeq are those in (-1, afterSeq].
    const first = inbox.countBetween(-1, afterSeq);
    const last = Math.min(inbox.size, first + count);
    let held = 0;
    for (let i = first; i < last; i++) if (device.held.has(inbox.seqAt(i))) held++;
    return held;
  }
}

/** `count` per `base`, or null when there is no base; four decimals are plenty for a cost. */
function per(count: number, base: number): number | null {
  return base === 0 ? null : Math.round((count / base) * 1e4) / 1e4;
}
