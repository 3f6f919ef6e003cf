// Where each server instance lives (process ids) and how a user or device is routed to one.
import type { Platform } from './config.js';

export type PlatformService = 'apns' | 'wppush' | 'bbpush';

export interface Topology {
  readonly connectSvrs: number[];
  readonly sendSvrs: number[];
  readonly receiveSvrs: number[];
  /** Every MsgStore process, every replica of every shard. */
  readonly msgStores: number[];
  readonly pushSvrs: number[];
  /** Every allocator process, owners and standbys. */
  readonly allocators: number[];
  readonly platformServices: Partial<Record<PlatformService, number>>;
  /**
   * The shard map, as a configuration service keeps it: each shard's replica group, its primary now
   * and the primary's epoch. A failover moves the primary and bumps the epoch; servers look the
   * primary up on every attempt, so a retry after a timeout finds the new one.
   */
  readonly msgStoreGroups: number[][];
  readonly msgStorePrimary: number[];
  readonly msgStoreEpoch: number[];
  /**
   * The allocators' route table: each section group's members (its owner and standbys) and its
   * max_seq store, and the owner now. A lease takeover moves the owner.
   */
  readonly allocatorGroups: number[][];
  readonly allocatorOwner: number[];
  readonly seqStores: number[];
}

export function emptyTopology(): Topology {
  return {
    connectSvrs: [],
    sendSvrs: [],
    receiveSvrs: [],
    msgStores: [],
    pushSvrs: [],
    allocators: [],
    platformServices: {},
    msgStoreGroups: [],
    msgStorePrimary: [],
    msgStoreEpoch: [],
    allocatorGroups: [],
    allocatorOwner: [],
    seqStores: [],
  };
}

/** The MsgStore shard holding a user's inbox. */
export function shardOf(topology: Topology, user: number): number {
  return user % topology.msgStoreGroups.length;
}

/** The process serving a user's inbox now: its shard's primary. */
export function primaryOf(topology: Topology, user: number): number {
  return topology.msgStorePrimary[shardOf(topology, user)]!;
}

/** The allocator group that owns a section. */
export function allocatorGroupOf(topology: Topology, section: number): number {
  return section % topology.allocatorGroups.length;
}

/** The allocator issuing a section's seqs now, as the route table says. */
export function ownerOf(topology: Topology, section: number): number {
  return topology.allocatorOwner[allocatorGroupOf(topology, section)]!;
}

/** Votes that make a majority of a replica group of `size`. */
export function majorityOf(size: number): number {
  return Math.floor(size / 2) + 1;
}

/** The platform push service that can wake a device of this platform, if any. */
export function platformServiceOf(platform: Platform): PlatformService | undefined {
  switch (platform) {
    case 'ios':
      return 'apns';
    case 'wp':
      return 'wppush';
    case 'bb':
      return 'bbpush';
    default:
      return undefined;
  }
}

/** The instance serving `key` (a user, or a section for allocators). */
export function route(instances: readonly number[], key: number): number {
  return instances[key % instances.length]!;
}

/** Users group into sections that share one persisted max_seq. */
export function sectionOf(user: number, sectionSize: number): number {
  return Math.floor(user / sectionSize);
}
