// Where each server instance lives (process ids) and how a user or device is routed to one.
import type { Platform } from './config.js';

export type PlatformService = 'apns' | 'wppush' | 'bbpush';

export interface Topology {
  readonly connectSvrs: number[];
  readonly sendSvrs: number[];
  readonly receiveSvrs: number[];
  readonly msgStores: number[];
  readonly pushSvrs: number[];
  readonly allocators: number[];
  readonly platformServices: Partial<Record<PlatformService, number>>;
}

export function emptyTopology(): Topology {
  return { connectSvrs: [], sendSvrs: [], receiveSvrs: [], msgStores: [], pushSvrs: [], allocators: [], platformServices: {} };
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
