// Load per server kind, from the trace alone: the events its instances handled, and the longest
// queue one instance had, where the trace shows a queue. The servers handle a message in no virtual
// time and log no queue of their own, so each queue is the work the trace shows an instance owes:
//   connectsvr: long connections held (device sessions on it, as the devices saw them);
//   sendsvr:    sends it admitted and has not yet acked or rejected (its crash drops them);
//   msgstore:   inbox appends owed, from SendSvr admitting a message to the inbox's commit: the
//               store's per-inbox append queues with the requests on their way;
//   receivesvr: pulls of the devices it serves that MsgStore has not read yet (a pull dies with
//               its connection).
// PushSvr and the allocator log nothing that ends their work: their queue is null. So is every
// busy time: with no service times there is none to sum. When the system models service times and
// bounded queues, an event that reports a queue's length or a handler's busy time feeds PeakGauge.set
// and busyUs here, and the figures keep their names.
import { NumberMap } from '../sim/numberMap.js';
import type { Simulation } from '../sim/simulation.js';
import { traceKindByName } from '../sim/traceKinds.js';
import {
  EV_COMMIT,
  EV_DEVICE_START,
  EV_INBOX_FULL,
  EV_PULL,
  EV_READ,
  EV_SEND_ABANDONED,
  EV_SENDSVR_ACK,
  EV_SENDSVR_ADMIT,
  EV_SENDSVR_REJECT,
  EV_SESSION,
} from '../system/events.js';
import type { Topology } from '../system/topology.js';
import type { Ledger } from './ledger.js';
import { PerProcess } from './perProcess.js';
import type { Routes } from './routes.js';

export const SERVER_KINDS = ['connectsvr', 'sendsvr', 'receivesvr', 'msgstore', 'pushsvr', 'allocator'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

/** What each kind's peakQueue counts (null: the trace shows no queue for it). */
export const QUEUE_UNITS: Readonly<Record<ServerKind, string | null>> = {
  connectsvr: 'connections',
  sendsvr: 'sends in progress',
  receivesvr: 'pulls awaiting a read',
  msgstore: 'appends owed',
  pushsvr: null,
  allocator: null,
};

export interface ServerLoadFigures {
  readonly instances: number;
  /** Messages (datagrams and on long connections) and disk writes its instances handled; timers are not counted. */
  readonly handled: number;
  /** The longest queue one instance had (QUEUE_UNITS says of what); null where the trace shows none. */
  readonly peakQueue: number | null;
  /** Virtual time its instances spent handling events: null, as the system has no service times yet. */
  readonly busyTimeMs: number | null;
}

/** A level per instance, and the highest one any instance reached. */
class PeakGauge {
  private readonly levels = new PerProcess(0);
  peak = 0;

  add(instance: number, delta: number): void {
    this.set(instance, this.levels.get(instance) + delta);
  }

  set(instance: number, level: number): void {
    this.levels.set(instance, level);
    if (level > this.peak) this.peak = level;
  }
}

const NONE = -1;

export class ServerLoad {
  private readonly connections = new PeakGauge();
  private readonly sends = new PeakGauge();
  private readonly pulls = new PeakGauge();
  private readonly appends = new PeakGauge();
  /** Device -> the ConnectSvr its session is on, as counted (NONE: none). */
  private readonly sessionOn = new PerProcess(NONE);
  /** Device -> the ReceiveSvr serving its pull while MsgStore has not read it (NONE: no pull). */
  private readonly pulling = new PerProcess(NONE);
  /** Message -> the SendSvr working on it. */
  private readonly sending = new NumberMap<number>();
  /** Message -> inboxes still owed its append. */
  private readonly owed = new NumberMap<number[]>();
  /** Per (ConnectSvr, PushSvr): devices connected there whose user that PushSvr serves (a presence refresh's size). */
  private readonly presence = new Map<number, number>();

  constructor(
    private readonly sim: Simulation,
    private readonly ledger: Ledger,
    private readonly routes: Routes,
    private readonly topology: Topology,
  ) {
    const trace = sim.trace;
    const session = (_t: number, device: number) => this.sessionChanged(device);
    trace.on(EV_SESSION, session);
    trace.on(EV_DEVICE_START, session);
    trace.on(traceKindByName('crash')!, (_t, process) => {
      if (ledger.devices.has(process)) this.sessionChanged(process);
      else this.sendSvrCrashed(process);
    });

    trace.on(EV_SENDSVR_ADMIT, (_t, sendSvr, msgId) => this.admitted(sendSvr, msgId));
    trace.on(EV_SENDSVR_ACK, (_t, sendSvr, msgId) => this.sendEnded(sendSvr, msgId));
    trace.on(EV_SENDSVR_REJECT, (_t, sendSvr, msgId) => {
      this.sendEnded(sendSvr, msgId);
      this.forgive(msgId);
    });
    trace.on(EV_SEND_ABANDONED, (_t, _device, msgId) => this.forgive(msgId));
    trace.on(EV_COMMIT, (_t, _store, user, _seq, msgId) => this.appended(msgId, user));
    trace.on(EV_INBOX_FULL, (_t, _sendSvr, msgId, user) => this.appended(msgId, user));

    trace.on(EV_PULL, (_t, device) => {
      if (this.pulling.get(device) !== NONE) return;
      const receiveSvr = routes.receiveSvrOf(ledger.device(device).user);
      this.pulling.set(device, receiveSvr);
      this.pulls.add(receiveSvr, 1);
    });
    trace.on(EV_READ, (_t, _store, device) => this.pullEnded(device));
  }

  figures(): Record<ServerKind, ServerLoadFigures> {
    const instances = this.instances();
    const queues: Partial<Record<ServerKind, PeakGauge>> = { connectsvr: this.connections, sendsvr: this.sends, receivesvr: this.pulls, msgstore: this.appends };
    const figures = {} as Record<ServerKind, ServerLoadFigures>;
    for (const kind of SERVER_KINDS) {
      // The kernel counts what each process was handed.
      const handled = instances[kind].reduce((sum, server) => sum + this.sim.network.receivedBy(server) + this.sim.diskWritesOf(server), 0);
      figures[kind] = { instances: instances[kind].length, handled, peakQueue: queues[kind]?.peak ?? null, busyTimeMs: null };
    }
    return figures;
  }

  /** Every server's process id. */
  servers(): number[] {
    return Object.values(this.instances()).flat();
  }

  private instances(): Record<ServerKind, readonly number[]> {
    const t = this.topology;
    return { connectsvr: t.connectSvrs, sendsvr: t.sendSvrs, receivesvr: t.receiveSvrs, msgstore: t.msgStores, pushsvr: t.pushSvrs, allocator: t.allocators };
  }

  /** Devices connected to `connectSvr` whose user `pushSvr` serves: what its presence refresh to that PushSvr lists. */
  presenceListed(connectSvr: number, pushSvr: number): number {
    return this.presence.get(presenceKey(connectSvr, pushSvr)) ?? 0;
  }

  /** Moves the device's connection to where the ledger now has its session; a pull dies with it. */
  private sessionChanged(device: number): void {
    const facts = this.ledger.devices.get(device);
    if (facts === undefined) return;
    const now = facts.connectSvr;
    const before = this.sessionOn.get(device);
    if (now === before) return;
    const pushSvr = this.routes.pushSvrOf(facts.user);
    if (before >= 0) {
      this.connections.add(before, -1);
      this.presence.set(presenceKey(before, pushSvr), this.presenceListed(before, pushSvr) - 1);
    }
    if (now >= 0) {
      this.connections.add(now, 1);
      this.presence.set(presenceKey(now, pushSvr), this.presenceListed(now, pushSvr) + 1);
    }
    this.sessionOn.set(device, now);
    if (now < 0) this.pullEnded(device);
  }

  private admitted(sendSvr: number, msgId: number): void {
    if (!this.sending.has(msgId)) {
      this.sending.set(msgId, sendSvr);
      this.sends.add(sendSvr, 1);
    }
    const message = this.ledger.message(msgId);
    const owed = this.owed.get(msgId) ?? [];
    for (const user of message.targets) {
      if (message.commits.has(user) || owed.includes(user)) continue;
      owed.push(user);
      this.appends.add(this.routes.primaryOf(user), 1);
    }
    if (owed.length > 0) this.owed.set(msgId, owed);
  }

  private sendEnded(sendSvr: number, msgId: number): void {
    if (this.sending.get(msgId) !== sendSvr) return;
    this.sending.delete(msgId);
    this.sends.add(sendSvr, -1);
  }

  private sendSvrCrashed(process: number): void {
    const before = this.sending.size;
    this.sending.deleteWhere((_msgId, sendSvr) => sendSvr === process);
    this.sends.add(process, this.sending.size - before);
  }

  /** The append of `msgId` to `user`'s inbox is done (committed, or the inbox was full). */
  private appended(msgId: number, user: number): void {
    const owed = this.owed.get(msgId);
    const at = owed?.indexOf(user) ?? -1;
    if (at < 0) return;
    owed!.splice(at, 1);
    if (owed!.length === 0) this.owed.delete(msgId);
    this.appends.add(this.routes.primaryOf(user), -1);
  }

  /** Nothing more will be appended for `msgId`: rejected, or its send abandoned. */
  private forgive(msgId: number): void {
    for (const user of [...(this.owed.get(msgId) ?? [])]) this.appended(msgId, user);
  }

  private pullEnded(device: number): void {
    const receiveSvr = this.pulling.get(device);
    if (receiveSvr === NONE) return;
    this.pulling.set(device, NONE);
    this.pulls.add(receiveSvr, -1);
  }
}

function presenceKey(connectSvr: number, pushSvr: number): number {
  return connectSvr * 2 ** 20 + pushSvr;
}
