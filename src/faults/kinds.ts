// The fault catalogue: what a scenario may schedule, and what swarm mode draws from.
import type { DcProfileName, NetworkProfileName } from './profiles.js';

export const FAULT_KINDS = {
  crash: 'Crash server instances; they restart after `for` (or at heal).',
  'crash-point': 'Arm a named crash point: the next time a target reaches it, it crashes there; restarts after `for`.',
  partition: 'Cut the network between `target` and `to` (one-way with oneWay); datagrams in flight across the cut are lost with it.',
  'half-open': "Turn targets' long connections half-open: everything vanishes, nobody is told.",
  'break-connections': "Break targets' long connections cleanly: both ends learn at once.",
  'network-profile': "Put target devices on a weak network profile (2g, 3g, subway-tunnel, ...) for `for`.",
  stall: 'Hold everything to and from the targets for `for`.',
  offline: 'Cut target devices off the network entirely (airplane mode) for `for`.',
  kill: 'Kill the app on target devices; the user reopens it after `for`.',
  background: 'Send target apps to the background (no long connection; only platform push wakes them) for `for`.',
  reinstall: 'Delete and reinstall the app: a new device that starts from Seq_cli 0.',
  'platform-off': 'Switch platform push services off for `for`.',
  'restore-backup': 'Back up the apps of target devices now, and restore them after `for` (or at the heal): same device id, older Seq_cli, store, outbox and client state.',
  'silent-host-loss': 'Target processes vanish without a word (power cut, kernel panic): no peer is told its connections closed; a peer learns only when its TCP gives up on data it sent, or by heartbeat. They come back after `for`.',
  'directory-change': 'Change the directory: the target user blocks `to` (change: block), or joins or leaves `group` (change: join, leave); undone after `for`.',
  'dc-link': "Put the data-centre links of target servers on a weak profile (dc-jitter, dc-lossy, dc-flap, dc-bloat, dc-reordering, dc-congested, dc-replay) for `for`: datagrams between servers are delayed, reordered, lost or duplicated (dc-replay: copies arrive seconds late, and excuse nothing).",
  // ---- replicated storage (issue 18) ----
  'msgstore-failover':
    "Fail the target MsgStores' shards over: each primary is cut off from its replicas (all, or with cut: one, one of them) for `lagMs`, then fenced off (crashed) and the live replica with the most up-to-date log promoted; the old primary comes back as a replica `for` after the fault began (with no live majority of replicas, as in a shard of one, nobody is promoted and the old primary comes back as the primary).",
  'allocator-failover':
    "Pause the owner of the target allocators' section groups for `for` (its clock stepped back by `skewMs` first): its lease lapses, a standby takes the group over, and the old owner resumes as a standby.",
  'power-loss': 'Cut the power to target servers: they crash and every write they had not synced is undone; they restart after `for`.',
  // ---- load (issue 18) ----
  'reconnect-storm':
    "Every device connected to the target ConnectSvrs is cut off and reconnects at the same instant, while each login costs those servers `loginServiceMs` (the login path's dependencies slowed by the surge) for `for`: logins queue, and a full queue answers hello-busy.",
} as const;

export type FaultKind = keyof typeof FAULT_KINDS;

export const FAULT_KIND_NAMES = Object.keys(FAULT_KINDS) as FaultKind[];

export function isFaultKind(name: string): name is FaultKind {
  return Object.hasOwn(FAULT_KINDS, name);
}

export interface FaultSpec {
  readonly kind: FaultKind;
  readonly atUs: number;
  /** How long the fault lasts; undefined: until the heal at the end of the workload. */
  readonly forUs?: number | undefined;
  /** A target selector (see targets.ts). */
  readonly target: string;
  /** The other side of a partition. */
  readonly to?: string | undefined;
  readonly oneWay?: boolean | undefined;
  /** network-profile: a device profile; dc-link: a data-centre profile. */
  readonly profile?: NetworkProfileName | DcProfileName | undefined;
  /** The crash point of a crash-point fault. */
  readonly point?: string | undefined;
  /** A protocol moment (moments.ts): armed at `atUs`, the fault strikes the first target to reach it. */
  readonly on?: string | undefined;
  /** With `on`: how long after the moment it strikes. */
  readonly delayUs?: number | undefined;
  /** directory-change: what changes. */
  readonly change?: 'block' | 'join' | 'leave' | undefined;
  /** directory-change: the group joined or left. */
  readonly group?: number | undefined;
  /** msgstore-failover: how long the primary is cut off from its replicas before it is failed over. */
  readonly lagUs?: number | undefined;
  /** msgstore-failover: cut the primary off from all its replicas, or from one. */
  readonly cut?: 'all' | 'one' | undefined;
  /** allocator-failover: how far the paused owner's clock is stepped back. */
  readonly skewUs?: number | undefined;
  /** reconnect-storm: what a login costs the target ConnectSvrs while it lasts. */
  readonly loginServiceUs?: number | undefined;
}
