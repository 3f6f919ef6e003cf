// One message's hops across the system, for the sequence diagram in report.html: every trace
// event that names the message (what `seqsim explain` lists), plus, for each device that should
// hold it, the pull that carried it there (the device's pull, MsgStore's read, the cursor it
// moved): the push is only a hint, the pull carries the data. Each hop names the hop it follows
// from, and the relays in between (ConnectSvr, ReceiveSvr, MsgStore) that trace no event naming
// the message.
import type { TraceRecord } from '../sim/trace.js';
import {
  EV_ALLOC,
  EV_APPEND_DEDUP,
  EV_COMMIT,
  EV_COMPOSE,
  EV_CURSOR,
  EV_NOTIFY,
  EV_PLATFORM_LOST,
  EV_PLATFORM_SENT,
  EV_PULL,
  EV_PUSH,
  EV_READ,
  EV_SEND_ACKED,
  EV_SEND_ATTEMPT,
  EV_SEND_REJECTED,
  EV_SENDSVR_ACK,
  EV_SENDSVR_RECEIVED,
  EV_SENDSVR_REJECT,
  EV_SESSION,
  EV_STORE,
  EV_WAKE,
  SESSION_DOWN,
} from '../system/events.js';
import type { World } from '../system/world.js';

/** The kernel's datagram arrival (sim/network.ts): tells which ReceiveSvr asked MsgStore for a read. */
const NET_DELIVER = 'net-deliver';
/** Event fields that hold a process id. */
const PROCESS_FIELDS = new Set(['device', 'connectSvr']);
/** Receiving devices drawn as lanes (the violating one first); the rest are left out. */
const RECEIVER_LANES_MAX = 24;
/** Hops kept per message; later ones are counted. */
const HOPS_MAX = 160;

export type Role = 'device' | 'connectsvr' | 'sendsvr' | 'msgstore' | 'allocator' | 'pushsvr' | 'platform' | 'receivesvr';

/** Who is who in a run, by process id. */
export interface Cast {
  readonly names: readonly string[];
  readonly roles: readonly (Role | null)[];
  /** A device's user; -1 for servers. */
  readonly users: readonly number[];
  /** Devices replaced by a reinstall: nobody expects them to receive anything. */
  readonly retired: readonly boolean[];
}

export interface Lane {
  readonly title: string;
  readonly subtitle: string;
  /** The device the violation names. */
  readonly flagged: boolean;
}

/** A process between two hops that traced nothing about the message itself. */
export interface Relay {
  readonly lane: number;
  readonly name: string;
}

export interface Hop {
  readonly timeUs: number;
  readonly lane: number;
  readonly actor: string;
  readonly kind: string;
  /** The event's fields as `name=value` (a process just by its name), the message id left out. */
  readonly fields: string;
  /** Index of the hop this one follows from; -1 for the first. */
  readonly cause: number;
  readonly via: readonly Relay[];
}

export interface MessageTimeline {
  readonly msgId: number;
  readonly title: string;
  readonly lanes: readonly Lane[];
  readonly hops: readonly Hop[];
  readonly omittedHops: number;
  /** Index of the hop where the invariant broke; -1 if none of them. */
  readonly badHop: number;
  /** Devices that should hold the message, and how many stored it. */
  readonly expected: number;
  readonly delivered: number;
}

/** The violation to point at, if any. */
export interface Focus {
  readonly msgId: number | null;
  readonly device: string | null;
  /** Trace index of the event that broke the invariant. */
  readonly eventIndex: number | null;
}

// Lanes: the sender, the servers in the order the message meets them, then each receiving device.
// ConnectSvr appears twice, beside the sender and beside the receivers, so that every relay lies
// between the lanes of the two hops it joins.
const SENDER = 0;
const SENDER_CONNECT = 1;
const SEND_SVR = 2;
const MSG_STORE = 3;
const ALLOCATOR = 4;
const PUSH_SVR = 5;
const PLATFORM = 6;
const RECEIVE_SVR = 7;
const RECEIVER_CONNECT = 8;
const FIRST_RECEIVER = 9;
const SERVER_LANE_TITLES = ['ConnectSvr', 'SendSvr', 'MsgStore', 'allocator', 'PushSvr', 'platform push', 'ReceiveSvr', 'ConnectSvr'];
/** Lanes of servers that trace events naming a message (ConnectSvr only relays). */
const LANE_OF_ROLE: ReadonlyMap<Role, number> = new Map<Role, number>([
  ['sendsvr', SEND_SVR],
  ['msgstore', MSG_STORE],
  ['allocator', ALLOCATOR],
  ['pushsvr', PUSH_SVR],
  ['platform', PLATFORM],
  ['receivesvr', RECEIVE_SVR],
]);

export function castOf(world: World): Cast {
  const processes = world.sim.processes;
  const roles: (Role | null)[] = processes.map(() => null);
  const t = world.topology;
  const servers: [Role, readonly number[]][] = [
    ['connectsvr', t.connectSvrs],
    ['sendsvr', t.sendSvrs],
    ['msgstore', t.msgStores],
    ['allocator', t.allocators],
    ['pushsvr', t.pushSvrs],
    ['platform', Object.values(t.platformServices)],
    ['receivesvr', t.receiveSvrs],
  ];
  for (const [role, ids] of servers) for (const id of ids) roles[id] = role;
  const users = processes.map(() => -1);
  const retired = processes.map(() => false);
  for (const device of world.devices) {
    roles[device.id] = 'device';
    users[device.id] = device.user;
    retired[device.id] = world.isRetired(device);
  }
  return { names: processes.map((p) => p.name), roles, users, retired };
}

/** Where to find each device's sessions, pulls, reads and cursor moves, by trace index. */
interface DeviceTrail {
  readonly sessions: number[];
  readonly pulls: number[];
  readonly reads: number[];
  readonly cursors: number[];
}

interface TraceIndex {
  readonly byMessage: Map<number, number[]>;
  readonly trails: Map<number, DeviceTrail>;
  /** Trace index of a read -> the process that asked for it. */
  readonly readAskedBy: Map<number, number>;
  readonly devicesOfUser: Map<number, number[]>;
}

export function messageTimelines(records: readonly TraceRecord[], cast: Cast, msgIds: readonly number[], focus: Focus): MessageTimeline[] {
  const index = indexTrace(records, cast, new Set(msgIds));
  return msgIds.flatMap((msgId) => timeline(msgId, records, cast, index, focus) ?? []);
}

function indexTrace(records: readonly TraceRecord[], cast: Cast, wanted: ReadonlySet<number>): TraceIndex {
  const byMessage = new Map<number, number[]>();
  const trails = new Map<number, DeviceTrail>();
  const readAskedBy = new Map<number, number>();
  const lastDelivery = new Map<number, { timeUs: number; from: number }>();
  const trail = (device: number) => {
    let found = trails.get(device);
    if (found === undefined) trails.set(device, (found = { sessions: [], pulls: [], reads: [], cursors: [] }));
    return found;
  };
  records.forEach((record, i) => {
    const msgId = record.fields['msg'];
    if (msgId !== undefined && wanted.has(msgId)) {
      let own = byMessage.get(msgId);
      if (own === undefined) byMessage.set(msgId, (own = []));
      own.push(i);
    }
    switch (record.kind) {
      case NET_DELIVER:
        lastDelivery.set(record.actor, { timeUs: record.timeUs, from: record.fields['from']! });
        break;
      case EV_SESSION.name:
        if (record.fields['kind'] !== SESSION_DOWN) trail(record.actor).sessions.push(i);
        break;
      case EV_PULL.name:
        trail(record.actor).pulls.push(i);
        break;
      case EV_CURSOR.name:
        trail(record.actor).cursors.push(i);
        break;
      case EV_READ.name: {
        trail(record.fields['device']!).reads.push(i);
        const delivery = lastDelivery.get(record.actor);
        if (delivery !== undefined && delivery.timeUs === record.timeUs) readAskedBy.set(i, delivery.from);
        break;
      }
    }
  });
  const devicesOfUser = new Map<number, number[]>();
  cast.users.forEach((user, id) => {
    if (user < 0 || cast.retired[id]) return;
    let devices = devicesOfUser.get(user);
    if (devices === undefined) devicesOfUser.set(user, (devices = []));
    devices.push(id);
  });
  return { byMessage, trails, readAskedBy, devicesOfUser };
}

function timeline(msgId: number, records: readonly TraceRecord[], cast: Cast, index: TraceIndex, focus: Focus): MessageTimeline | null {
  const own = index.byMessage.get(msgId) ?? [];
  const compose = own.map((i) => records[i]!).find((record) => record.kind === EV_COMPOSE.name);
  if (compose === undefined) return null;
  const sender = compose.actor;
  const focused = focus.msgId === msgId;
  const flaggedDevice = focused && focus.device !== null ? cast.names.indexOf(focus.device) : -1;

  // The seq the message got in each inbox, and the devices that should hold it.
  const seqOfUser = new Map<number, number>();
  for (const i of own) {
    const record = records[i]!;
    if (record.kind === EV_COMMIT.name && !seqOfUser.has(record.fields['user']!)) seqOfUser.set(record.fields['user']!, record.fields['seq']!);
  }
  const expected = [...seqOfUser.keys()].flatMap((user) => index.devicesOfUser.get(user) ?? []).filter((device) => device !== sender);
  const involved = new Set(expected);
  for (const i of own) {
    const record = records[i]!;
    if (cast.roles[record.actor] === 'device') involved.add(record.actor);
    const device = record.fields['device'];
    if (device !== undefined && cast.roles[device] === 'device') involved.add(device);
  }
  involved.delete(sender);
  const receivers = [...involved].sort((a, b) => (a === flaggedDevice ? -1 : b === flaggedDevice ? 1 : a - b)).slice(0, RECEIVER_LANES_MAX);
  const laneOfDevice = new Map<number, number>([[sender, SENDER], ...receivers.map((device, i) => [device, FIRST_RECEIVER + i] as const)]);

  // The events to draw: the message's own, and for each device the read that carried the message
  // there (the latest whose page held it, before the device stored it), its pull, and the first
  // cursor move past it before the device's next pull.
  const drawn = new Set(own);
  for (const device of [sender, ...receivers]) {
    const seq = seqOfUser.get(cast.users[device]!);
    const trail = index.trails.get(device);
    if (seq === undefined || trail === undefined) continue;
    const store = own.find((i) => records[i]!.kind === EV_STORE.name && records[i]!.actor === device) ?? Infinity;
    const read = carryingRead(records, trail.reads, store, seq);
    if (read === undefined) continue;
    drawn.add(read);
    const pullAt = lastBefore(trail.pulls, read);
    if (pullAt >= 0) drawn.add(trail.pulls[pullAt]!);
    const nextPull = trail.pulls[pullAt + 1] ?? Infinity;
    for (let at = lastBefore(trail.cursors, read) + 1; at < trail.cursors.length && trail.cursors[at]! < nextPull; at++) {
      if (records[trail.cursors[at]!]!.fields['seqCli']! < seq) continue;
      drawn.add(trail.cursors[at]!);
      break;
    }
  }

  const laneOf = (record: TraceRecord): number | undefined => {
    const role = cast.roles[record.actor];
    return role === 'device' ? laneOfDevice.get(record.actor) : role === null ? undefined : LANE_OF_ROLE.get(role);
  };
  const chosen = [...drawn].sort((a, b) => a - b).filter((i) => laneOf(records[i]!) !== undefined);
  const kept = chosen.slice(0, HOPS_MAX);

  const causes = new CauseFinder(records, cast, index, sender, own);
  const hops: Hop[] = kept.map((i, hop) => {
    const record = records[i]!;
    const lane = laneOf(record)!;
    const { cause, via } = causes.next(i, hop, lane);
    return { timeUs: record.timeUs, lane, actor: cast.names[record.actor] ?? 'control', kind: record.kind, fields: hopFields(record, cast), cause, via };
  });

  const stored = new Set(own.filter((i) => records[i]!.kind === EV_STORE.name).map((i) => records[i]!.actor));
  const to = compose.fields['group']! >= 0 ? `group ${compose.fields['group']}` : `user ${compose.fields['toUser']}`;
  return {
    msgId,
    title: `message ${msgId}: ${cast.names[sender]} (user ${compose.fields['user']}) to ${to}`,
    lanes: lanes(cast, sender, receivers, hops, flaggedDevice),
    hops,
    omittedHops: chosen.length - kept.length,
    badHop: focused && focus.eventIndex !== null ? kept.indexOf(focus.eventIndex) : -1,
    expected: expected.length,
    delivered: expected.filter((device) => stored.has(device)).length,
  };
}

function lanes(cast: Cast, sender: number, receivers: readonly number[], hops: readonly Hop[], flaggedDevice: number): Lane[] {
  const seen = new Map<number, Set<string>>();
  const see = (lane: number, name: string) => {
    let names = seen.get(lane);
    if (names === undefined) seen.set(lane, (names = new Set()));
    names.add(name);
  };
  for (const hop of hops) {
    see(hop.lane, hop.actor);
    for (const relay of hop.via) see(relay.lane, relay.name);
  }
  const instances = (lane: number) => {
    const names = [...(seen.get(lane) ?? [])].sort();
    return names.length === 0 ? 'not reached' : names.length === 1 ? names[0]! : `${names[0]} +${names.length - 1}`;
  };
  const device = (id: number, role: string): Lane => ({ title: cast.names[id]!, subtitle: `${role}, user ${cast.users[id]}`, flagged: id === flaggedDevice });
  return [
    device(sender, 'sender'),
    ...SERVER_LANE_TITLES.map((title, i) => ({ title, subtitle: instances(SENDER_CONNECT + i), flagged: false })),
    ...receivers.map((id) => device(id, 'receiver')),
  ];
}

/** Decides which earlier hop each hop follows from, and which relays lie between them. */
class CauseFinder {
  private readonly latest = new Map<string, number>();
  private readonly traceIndexOfHop: number[] = [];
  private readonly lastOnLane = new Map<number, number>();

  constructor(
    private readonly records: readonly TraceRecord[],
    private readonly cast: Cast,
    private readonly index: TraceIndex,
    private readonly sender: number,
    private readonly own: readonly number[],
  ) {}

  next(i: number, hop: number, lane: number): { cause: number; via: Relay[] } {
    const record = this.records[i]!;
    // Without a rule: the hop before it on its lane, or else the hop before it.
    const found = this.rule(record, i, lane) ?? { cause: this.lastOnLane.get(lane) ?? hop - 1, via: [] };
    const device = record.fields['device'] ?? record.actor;
    this.latest.set(record.kind, hop);
    this.latest.set(`${record.kind}:${device}`, hop);
    if (record.fields['user'] !== undefined) this.latest.set(`${record.kind}:user${record.fields['user']}`, hop);
    this.traceIndexOfHop.push(i);
    this.lastOnLane.set(lane, hop);
    return found;
  }

  private rule(record: TraceRecord, i: number, lane: number): { cause: number; via: Relay[] } | undefined {
    const latest = (key: string) => this.latest.get(key);
    const from = (cause: number | undefined, via: Relay[] = []) => (cause === undefined ? undefined : { cause, via });
    const actor = record.actor;
    const device = record.fields['device'];
    switch (record.kind) {
      case EV_SENDSVR_RECEIVED.name:
        return from(latest(EV_SEND_ATTEMPT.name), [this.connectSvr(this.sender, i)]);
      case EV_SENDSVR_REJECT.name:
      case EV_APPEND_DEDUP.name:
        return from(latest(EV_SENDSVR_RECEIVED.name));
      case EV_ALLOC.name:
        return from(latest(EV_SENDSVR_RECEIVED.name), [this.msgStoreOf(record.fields['user']!)]);
      case EV_COMMIT.name:
        return from(latest(`${EV_ALLOC.name}:user${record.fields['user']}`) ?? latest(EV_SENDSVR_RECEIVED.name));
      case EV_SENDSVR_ACK.name: {
        // After the last inbox took the message (a commit, or a retry that found it there).
        const stored = Math.max(latest(EV_COMMIT.name) ?? -1, latest(EV_APPEND_DEDUP.name) ?? -1);
        return from(stored < 0 ? undefined : stored);
      }
      case EV_SEND_ACKED.name:
        return from(latest(EV_SENDSVR_ACK.name), [this.connectSvr(actor, i)]);
      case EV_SEND_REJECTED.name:
        return from(latest(EV_SENDSVR_REJECT.name), [this.connectSvr(actor, i)]);
      case EV_PUSH.name:
        return from(latest(EV_SENDSVR_ACK.name));
      case EV_NOTIFY.name:
        return from(latest(`${EV_PUSH.name}:${actor}`), [this.connectSvr(actor, i)]);
      case EV_PLATFORM_SENT.name:
      case EV_PLATFORM_LOST.name:
        return from(latest(`${EV_PUSH.name}:${device}`));
      case EV_WAKE.name:
        return from(latest(`${EV_PLATFORM_SENT.name}:${actor}`));
      case EV_READ.name:
        return from(latest(`${EV_PULL.name}:${device}`), [this.connectSvr(device!, i), this.receiveSvr(i)]);
      case EV_STORE.name:
      case EV_CURSOR.name: {
        // The pull's answer: from the read, unless the device did something since.
        const read = latest(`${EV_READ.name}:${actor}`);
        if (read === undefined || (this.lastOnLane.get(lane) ?? -1) > read) return undefined;
        return from(read, [this.receiveSvr(this.traceIndexOfHop[read]!), this.connectSvr(actor, i)]);
      }
      default:
        return undefined;
    }
  }

  /** The ConnectSvr holding the device's long connection at trace index `i`. */
  private connectSvr(device: number, i: number): Relay {
    const sessions = this.index.trails.get(device)?.sessions ?? [];
    const at = lastBefore(sessions, i);
    const name = at < 0 ? 'ConnectSvr' : (this.cast.names[this.records[sessions[at]!]!.fields['connectSvr']!] ?? 'ConnectSvr');
    return { lane: device === this.sender ? SENDER_CONNECT : RECEIVER_CONNECT, name };
  }

  /** The ReceiveSvr that asked MsgStore for the read at trace index `read`. */
  private receiveSvr(read: number): Relay {
    const askedBy = this.index.readAskedBy.get(read);
    return { lane: RECEIVE_SVR, name: askedBy === undefined ? 'ReceiveSvr' : (this.cast.names[askedBy] ?? 'ReceiveSvr') };
  }

  /** The MsgStore that holds the user's inbox (it asks the allocator for the seq). */
  private msgStoreOf(user: number): Relay {
    const commit = this.own.map((i) => this.records[i]!).find((r) => r.kind === EV_COMMIT.name && r.fields['user'] === user);
    return { lane: MSG_STORE, name: commit === undefined ? 'MsgStore' : this.cast.names[commit.actor]! };
  }
}

/** The event's fields as `name=value`, without the message id; a process just by its name. */
function hopFields(record: TraceRecord, cast: Cast): string {
  const named = Object.entries(record.fields)
    .filter(([name]) => name !== 'msg')
    .map(([name, value]) => (PROCESS_FIELDS.has(name) && cast.names[value] !== undefined ? cast.names[value] : `${name}=${value}`));
  return named.join(' ');
}

/** The latest of the device's reads before trace index `before` whose page held `seq`. */
function carryingRead(records: readonly TraceRecord[], reads: readonly number[], before: number, seq: number): number | undefined {
  for (let at = lastBefore(reads, before); at >= 0; at--) {
    const { afterSeq, bound, count } = records[reads[at]!]!.fields as { afterSeq: number; bound: number; count: number };
    if (count > 0 && afterSeq < seq && seq <= bound) return reads[at];
  }
  return undefined;
}

/** Position of the last element below `value` in an ascending list; -1 if none. */
function lastBefore(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
