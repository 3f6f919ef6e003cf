// Which server instances a message or a pull passes through: the topology's routing, as the oracle
// needs it to ask whether anything on a path was under a fault. It judges nothing about routing.
import type { Trace } from '../sim/trace.js';
import type { Platform } from '../system/config.js';
import { EV_PROMOTED } from '../system/events.js';
import { allocatorGroupOf, route, sectionOf, shardOf, type Topology } from '../system/topology.js';
import { PUSH_SERVICE_OF } from './pushServices.js';

export class Routes {
  /** Each shard's primary, as the trace tells it: its group's first replica until a failover promotes another. */
  private readonly primaries: number[] = [];
  /** Per shard, the primaries failovers replaced, and when: [untilUs, store, ...] (a few per run). */
  private readonly formerPrimaries: (number[] | undefined)[] = [];
  private shardOfStoreTable: number[] | undefined = undefined;

  constructor(
    readonly topology: Topology,
    private readonly sectionSize: number,
    trace: Trace,
  ) {
    trace.on(EV_PROMOTED, (timeUs, store, shard) => {
      (this.formerPrimaries[shard] ??= []).push(timeUs, this.primaryOfShard(shard));
      this.primaries[shard] = store;
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
    if (this.shardOfStoreTable === undefined) {
      this.shardOfStoreTable = [];
      this.topology.msgStoreGroups.forEach((group, shard) => group.forEach((id) => (this.shardOfStoreTable![id] = shard)));
    }
    return this.shardOfStoreTable[process];
  }

  /** Adds to `path` the replicas that served `user`'s shard as primary since `sinceUs`, before the one serving it now. */
  addFormerPrimaries(path: number[], user: number, sinceUs: number): void {
    const former = this.formerPrimaries[this.shardOf(user)];
    if (former === undefined) return;
    for (let i = 0; i < former.length; i += 2) if (former[i]! >= sinceUs) path.push(former[i + 1]!);
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
