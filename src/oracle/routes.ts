// Which server instances a message or a pull passes through: the topology's routing, as the oracle
// needs it to ask whether anything on a path was under a fault. It judges nothing about routing.
import type { Trace } from '../sim/trace.js';
import type { Platform } from '../system/config.js';
import { EV_LEASE_GRANTED, EV_PROMOTED } from '../system/events.js';
import { allocatorGroupOf, route, sectionOf, shardOf, type Topology } from '../system/topology.js';
import { PUSH_SERVICE_OF } from './pushServices.js';

export class Routes {
  /** Each shard's primary, as the trace tells it: its group's first replica until a failover promotes another. */
  private readonly primaries: number[] = [];
  /** Per shard, the primaries failovers replaced, and when: [untilUs, store, ...] (a few per run). */
  private readonly formerPrimaries: (number[] | undefined)[] = [];
  private shardOfStoreTable: number[] | undefined = undefined;
  /** Each allocator group's owner, as lease grants tell it: its group's first member until a grant names another. */
  private readonly owners: number[] = [];
  private groupOfAllocatorTable: number[] | undefined = undefined;
  /** By process id: when the route table last stopped naming it (a primary a failover replaced, an owner a grant replaced). */
  private readonly replacedAtUs: number[] = [];

  constructor(
    readonly topology: Topology,
    private readonly sectionSize: number,
    trace: Trace,
  ) {
    trace.on(EV_PROMOTED, (timeUs, store, shard) => {
      const previous = this.primaryOfShard(shard);
      (this.formerPrimaries[shard] ??= []).push(timeUs, previous);
      this.replacedAtUs[previous] = timeUs;
      this.primaries[shard] = store;
    });
    trace.on(EV_LEASE_GRANTED, (timeUs, _store, group, _epoch, owner) => {
      const previous = this.ownerOfGroup(group);
      if (owner === previous) return;
      this.replacedAtUs[previous] = timeUs;
      this.owners[group] = owner;
    });
  }

  sendSvrOf(user: number): number {
    return route(this.topology.sendSvrs, user);
  }

  /** Every replica of the user's MsgStore shard: whichever is primary, a commit needs a majority of them. */
  msgStoresOf(user: number): readonly number[] {
    return this.topology.msgStoreGroups[this.shardOf(user)]!;
  }

  /** The user's MsgStore shard. */
  shardOf(user: number): number {
    return shardOf(this.topology, user);
  }

  /**
   * The replica serving the user's reads now. A pull touches no other: a replica's fault cannot
   * slow it. (A failover moves the primary only during a fault that spans the whole group.)
   */
  primaryOf(user: number): number {
    return this.primaryOfShard(shardOf(this.topology, user));
  }

  /**
   * The shard MsgStore replica `store` belongs to. A table by process id, built at the first ask:
   * the topology fills in after the oracle starts, and every log-durable event asks.
   */
  shardOfStore(store: number): number {
    const shard = this.shardIfStore(store);
    if (shard === undefined) throw new Error(`process ${store} is no MsgStore replica`);
    return shard;
  }

  /** The shard of `process` if it is a MsgStore replica. */
  shardIfStore(process: number): number | undefined {
    this.shardOfStoreTable ??= tableOf(this.topology.msgStoreGroups);
    return this.shardOfStoreTable[process];
  }

  /** Adds to `path` the replicas that served `user`'s shard as primary since `sinceUs`, before the one serving it now. */
  addFormerPrimaries(path: number[], user: number, sinceUs: number): void {
    const former = this.formerPrimaries[this.shardOf(user)];
    if (former === undefined) return;
    for (let i = 0; i < former.length; i += 2) if (former[i]! >= sinceUs) path.push(former[i + 1]!);
  }

  /**
   * Whether the route table names `process` now, for a request of the role it serves (a shard's
   * primary for reads and appends, a group's owner for seqs): undefined if it does, or if it serves
   * neither; else when the table stopped naming it (-Infinity: it never did).
   */
  notRoutedSinceUs(process: number): number | undefined {
    const shard = this.shardIfStore(process);
    if (shard !== undefined) return this.primaryOfShard(shard) === process ? undefined : (this.replacedAtUs[process] ?? -Infinity);
    const group = this.groupIfAllocator(process);
    if (group === undefined || this.ownerOfGroup(group) === process) return undefined;
    return this.replacedAtUs[process] ?? -Infinity;
  }

  /** The section group of `process` if it is an allocator. */
  groupIfAllocator(process: number): number | undefined {
    this.groupOfAllocatorTable ??= tableOf(this.topology.allocatorGroups);
    return this.groupOfAllocatorTable[process];
  }

  /** The allocator owning section group `group` now, as lease grants tell it. */
  ownerOfGroup(group: number): number {
    return this.owners[group] ?? this.topology.allocatorGroups[group]![0]!;
  }

  /** The replica serving shard `shard` now. */
  primaryOfShard(shard: number): number {
    return this.primaries[shard] ?? this.topology.msgStoreGroups[shard]![0]!;
  }

  /** The user's allocator group (owner and standbys, whichever holds the lease) and its max_seq store. */
  allocatorsOf(user: number): readonly number[] {
    return this.allocatorPaths[allocatorGroupOf(this.topology, sectionOf(user, this.sectionSize))]!;
  }

  pushSvrOf(user: number): number {
    return route(this.topology.pushSvrs, user);
  }

  isPushSvr(process: number): boolean {
    return this.topology.pushSvrs.includes(process);
  }

  isConnectSvr(process: number): boolean {
    return this.topology.connectSvrs.includes(process);
  }

  receiveSvrOf(user: number): number {
    return route(this.topology.receiveSvrs, user);
  }

  get connectSvrs(): readonly number[] {
    return this.topology.connectSvrs;
  }

  /** The platform push service that can wake a device of this platform, if it has one. */
  platformServiceOf(platform: Platform): number | undefined {
    const service = PUSH_SERVICE_OF[platform];
    return service === undefined ? undefined : this.topology.platformServices[service];
  }

  /** Each allocator group's processes and its store, made once the world is built. */
  private get allocatorPaths(): readonly (readonly number[])[] {
    const t = this.topology;
    return (this.paths ??= t.allocatorGroups.map((group, g) => [...group, t.seqStores[g]!]));
  }

  private paths: number[][] | undefined = undefined;
}

/** By process id, the index of the group it belongs to (built at the first ask: the topology fills in after the oracle starts). */
function tableOf(groups: readonly (readonly number[])[]): number[] {
  const table: number[] = [];
  groups.forEach((group, index) => group.forEach((id) => (table[id] = index)));
  return table;
}
