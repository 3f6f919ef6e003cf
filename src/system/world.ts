// Builds the whole system on a kernel: every server instance, the platform push services, and
// each user's devices, wired by one topology. Also the user-level actions tests and faults use.
import type { LinkProfile } from '../sim/linkProfile.js';
import type { Process } from '../sim/process.js';
import type { Simulation } from '../sim/simulation.js';
import { ms } from '../sim/time.js';
import { Allocator } from './allocator.js';
import type { Platform, SystemKnobs } from './config.js';
import { ConnectSvr } from './connectSvr.js';
import { copyDeviceDisk, Device, type DeviceDisk } from './device.js';
import { DIRECTORY_CHANGES, DirectoryIndex, type Directory, type DirectoryChange } from './directory.js';
import { EV_DEVICE_BACKUP, EV_DEVICE_RESTORED, EV_DEVICE_RETIRED, EV_DIRECTORY, EV_SEND_ABANDONED } from './events.js';
import { LogEntries } from './logEntries.js';
import { MsgStore } from './msgStore.js';
import { PlatformPushService } from './platformPush.js';
import { PushSvr } from './pushSvr.js';
import { ReceiveSvr } from './receiveSvr.js';
import { SendSvr } from './sendSvr.js';
import { SeqStore } from './seqStore.js';
import { emptyTopology, route, type PlatformService, type Topology } from './topology.js';
import type { Wire } from './wire.js';
import { TEXT_BYTES, wireBytes } from './wireSizes.js';

export interface WorldSpec {
  /** Each user's devices by platform; users are numbered from 0. */
  readonly users: readonly (readonly Platform[])[];
  readonly groups: readonly (readonly number[])[];
  readonly blacklist: readonly (readonly [number, number])[];
  readonly knobs: SystemKnobs;
  /** Where every user's seq space starts. */
  readonly initialSeq: number;
  /** A device's access network (both directions), unless a device has its own. */
  readonly deviceLink: LinkProfile;
}

/** A good 4G connection. */
export const DEFAULT_DEVICE_LINK: LinkProfile = { latencyMedianUs: ms(15), latencyP99Us: ms(60), lossRate: 0, duplicateRate: 0 };

/** A copy of an app's data, for restore-backup; the id tells overlapping backups apart. */
export interface Backup {
  readonly id: number;
  readonly disk: DeviceDisk;
}

/** What the user typed: flagged content, and the text's size (default: the size model's average). */
export interface ComposeOptions {
  readonly spam?: boolean;
  readonly textBytes?: number;
}

export class World {
  readonly directory: DirectoryIndex;
  readonly connectSvrs: ConnectSvr[] = [];
  readonly sendSvrs: SendSvr[] = [];
  readonly receiveSvrs: ReceiveSvr[] = [];
  readonly msgStores: MsgStore[] = [];
  readonly pushSvrs: PushSvr[] = [];
  readonly allocators: Allocator[] = [];
  readonly seqStores: SeqStore[] = [];
  readonly platformServices: PlatformPushService[] = [];
  /** Every device ever made, retired ones included, in creation order. */
  readonly devices: Device[] = [];
  private readonly retired = new Set<Device>();
  /** Per user: installed devices, and how many devices were ever made (for names). */
  private readonly installed: Device[][] = [];
  private readonly madeForUser: number[] = [];
  private nextMsgId = 1;
  private nextBackupId = 1;

  constructor(
    readonly sim: Simulation,
    readonly spec: WorldSpec,
    /** Filled in here; given from outside when something (the oracle) must hold it before it exists. */
    readonly topology: Topology = emptyTopology(),
  ) {
    const directory: Directory = { users: spec.users.length, groups: spec.groups, blacklist: spec.blacklist };
    this.directory = new DirectoryIndex(directory);
    const { knobs } = spec;
    const network = sim.network;
    network.defaultProfile = knobs.dataCenterLink;
    network.sizeOf = wireBytes as (message: unknown) => number;
    for (const [from, to] of [['device', 'server'], ['server', 'device'], ['platform', 'device']] as const) {
      network.setClassProfile(from, to, spec.deviceLink);
    }
    const t = this.topology;
    this.buildStorage();
    for (let i = 0; i < knobs.pushSvrs; i++) t.pushSvrs.push(this.server(this.pushSvrs, new PushSvr(`pushsvr-${i}`, knobs, t)));
    for (let i = 0; i < knobs.sendSvrs; i++) t.sendSvrs.push(this.server(this.sendSvrs, new SendSvr(`sendsvr-${i}`, knobs, t, this.directory)));
    for (let i = 0; i < knobs.receiveSvrs; i++) t.receiveSvrs.push(this.server(this.receiveSvrs, new ReceiveSvr(`receivesvr-${i}`, knobs, t)));
    for (let i = 0; i < knobs.connectSvrs; i++) t.connectSvrs.push(this.server(this.connectSvrs, new ConnectSvr(`connectsvr-${i}`, knobs, t)));
    for (const service of ['apns', 'wppush', 'bbpush'] as const satisfies readonly PlatformService[]) {
      t.platformServices[service] = this.server(this.platformServices, new PlatformPushService(service, knobs.platformPush));
    }
    spec.users.forEach((platforms, user) => platforms.forEach((platform) => this.addDevice(user, platform)));
  }

  /**
   * The allocator groups and the MsgStore shards. Instance i of a role serves group (or shard)
   * i % groups, so allocator-0 and msgstore-0 start as the first group's owner and shard's primary.
   */
  private buildStorage(): void {
    const { knobs, initialSeq } = this.spec;
    const t = this.topology;
    // The route table and the shard map are filled in before any of these starts: each reads its
    // role from them. Ids follow creation order: the max_seq stores, the allocators, the MsgStores.
    const groups = knobs.allocators;
    const allocatorsFrom = this.sim.processes.length + groups;
    const allocators = groups * (1 + knobs.allocatorStandbys);
    for (let g = 0; g < groups; g++) t.allocatorGroups.push([]);
    for (let i = 0; i < allocators; i++) t.allocatorGroups[i % groups]!.push(allocatorsFrom + i);
    for (let g = 0; g < groups; g++) t.allocatorOwner.push(t.allocatorGroups[g]![0]!);
    for (let g = 0; g < groups; g++) t.seqStores.push(this.server(this.seqStores, new SeqStore(`seqstore-${g}`, knobs, t, g, t.allocatorOwner[g]!)));
    for (let i = 0; i < allocators; i++) t.allocators.push(this.server(this.allocators, new Allocator(`allocator-${i}`, knobs, initialSeq, t, i % groups)));
    const shards = knobs.msgStores;
    const storesFrom = this.sim.processes.length;
    const stores = shards * knobs.msgStoreReplicas;
    for (let s = 0; s < shards; s++) t.msgStoreGroups.push([]);
    for (let i = 0; i < stores; i++) t.msgStoreGroups[i % shards]!.push(storesFrom + i);
    for (let s = 0; s < shards; s++) {
      t.msgStorePrimary.push(t.msgStoreGroups[s]![0]!);
      t.msgStoreEpoch.push(1);
    }
    // One table of log entries for every shard: replicas name the entries they share by id.
    const entries = new LogEntries();
    for (let i = 0; i < stores; i++) t.msgStores.push(this.server(this.msgStores, new MsgStore(`msgstore-${i}`, knobs, t, i % shards, entries)));
  }

  /** Devices of `user` that are installed now (retired ones excluded), in creation order. */
  devicesOf(user: number): readonly Device[] {
    return this.installed[user] ?? [];
  }

  isRetired(device: Device): boolean {
    return this.retired.has(device);
  }

  /**
   * The user types a message on `device` (1:1 to `toUser`, or to `group`). Returns its msgId, or
   * undefined if the app is not running.
   */
  compose(device: Device, target: { toUser: number } | { group: number }, { spam = false, textBytes = TEXT_BYTES }: ComposeOptions = {}): number | undefined {
    if (!device.up || this.retired.has(device)) return undefined;
    const msgId = this.nextMsgId++;
    device.compose(msgId, 'toUser' in target ? target.toUser : -1, 'group' in target ? target.group : -1, spam, textBytes);
    return msgId;
  }

  /**
   * Someone blocks or unblocks someone, or joins or leaves a group. The request is traced as made,
   * and the oracle's copy of the directory follows the request, not what the directory service made
   * of it: a service that ignored a block or a leave would otherwise change both copies alike.
   * True when the service says it changed anything.
   */
  changeDirectory(change: DirectoryChange, user: number, other: number): boolean {
    this.sim.trace.emit(EV_DIRECTORY, -1, DIRECTORY_CHANGES.indexOf(change), user, other);
    return this.directory.apply(change, user, other);
  }

  /** Backs up the app's data (its disk as it is now), for a later restore. */
  backup(device: Device): Backup {
    const id = this.nextBackupId++;
    device.emit(EV_DEVICE_BACKUP, device.user, device.durable.seqCli, id);
    return { id, disk: copyDeviceDisk(device.durable) };
  }

  /**
   * The app comes back from a backup, with the same device id: the app dies, its disk becomes the
   * backup, and it starts again (or stays down, if it was down). Messages typed since the backup and
   * not yet sent are gone with the newer data.
   */
  restore(device: Device, { id, disk }: Backup): void {
    if (this.retired.has(device)) return;
    for (const message of device.durable.outbox.values()) if (!disk.outbox.has(message.clientMsgId)) device.emit(EV_SEND_ABANDONED, message.msgId);
    const wasUp = device.up;
    this.sim.crash(device.id, 'restore');
    device.durable = copyDeviceDisk(disk);
    device.emit(EV_DEVICE_RESTORED, device.user, disk.seqCli, id);
    if (wasUp) this.sim.restart(device.id);
  }

  /** The app is deleted and installed again: a new device that starts from Seq_cli 0. */
  reinstall(device: Device): Device {
    if (this.retired.has(device)) throw new Error(`${device.name} was already reinstalled`);
    this.retired.add(device);
    this.installed[device.user] = this.devicesOf(device.user).filter((d) => d !== device);
    for (const message of device.durable.outbox.values()) device.emit(EV_SEND_ABANDONED, message.msgId);
    device.emit(EV_DEVICE_RETIRED, device.user);
    this.sim.crash(device.id, 'reinstall');
    this.pushSvrOf(device.user).unregister(device.user, device.id);
    return this.addDevice(device.user, device.platform);
  }

  private addDevice(user: number, platform: Platform): Device {
    const index = this.madeForUser[user] ?? 0;
    this.madeForUser[user] = index + 1;
    const device = new Device(`device-u${user}-${index}`, user, platform, this.spec.knobs, this.topology);
    this.devices.push(device);
    // concat leaves no slack: a user has a device or two, and a pushed array keeps room for 16.
    this.installed[user] = this.devicesOf(user).concat(device);
    this.sim.add(device);
    // Registered for platform push at install time.
    this.pushSvrOf(user).register(user, device.id, platform);
    return device;
  }

  private pushSvrOf(user: number): PushSvr {
    return this.pushSvrs[this.topology.pushSvrs.indexOf(route(this.topology.pushSvrs, user))]!;
  }

  private server<P extends Process<Wire, any>>(list: P[], process: P): number {
    list.push(this.sim.add(process));
    return process.id;
  }
}
