// Builds small worlds for end-to-end tests of the system, and reads back what they hold.
import type { LinkProfile } from '../../src/sim/linkProfile.js';
import { Simulation } from '../../src/sim/simulation.js';
import { DEFAULT_KNOBS, type Platform, type SystemKnobs } from '../../src/system/config.js';
import type { Device } from '../../src/system/device.js';
import type { MutantName } from '../../src/system/mutants.js';
import { primaryOf } from '../../src/system/topology.js';
import { DEFAULT_DEVICE_LINK, World, type WorldSpec } from '../../src/system/world.js';

export interface TestWorldOptions {
  seed?: string;
  users: Platform[][];
  groups?: number[][];
  blacklist?: [number, number][];
  knobs?: Partial<SystemKnobs>;
  mutants?: MutantName[];
  initialSeq?: number;
  /** Every device's access link (default: DEFAULT_DEVICE_LINK). */
  deviceLink?: LinkProfile;
}

export function testWorld(options: TestWorldOptions): World {
  const sim = new Simulation({ seed: options.seed ?? 'test', trace: { keepAll: false } });
  const knobs: SystemKnobs = { ...DEFAULT_KNOBS, ...options.knobs, mutants: new Set(options.mutants ?? []) };
  const spec: WorldSpec = {
    users: options.users,
    groups: options.groups ?? [],
    blacklist: options.blacklist ?? [],
    knobs,
    initialSeq: options.initialSeq ?? 0,
    deviceLink: options.deviceLink ?? DEFAULT_DEVICE_LINK,
  };
  return new World(sim, spec);
}

/** The user's inbox as its shard's primary serves it (committed entries): [seq, msgId] in seq order. */
export function inboxOf(world: World, user: number): [number, number][] {
  const storeId = primaryOf(world.topology, user);
  const store = world.msgStores.find((s) => s.id === storeId)!;
  return store.committedInbox(user).map((entry) => [entry.seq, entry.message.msgId]);
}

/** What a device holds: [seq, msgId] in seq order. */
export function heldBy(device: Device): [number, number][] {
  const held: [number, number][] = [];
  device.durable.store.forEach((seq, message) => held.push([seq, message.msgId]));
  return held;
}

/** Runs until `untilUs` and checks the run was not cut short by the watchdog. */
export function runTo(world: World, untilUs: number): void {
  const stop = world.sim.run(untilUs);
  if (stop !== 'until' && stop !== 'idle') throw new Error(`run stopped early: ${stop}`);
}
