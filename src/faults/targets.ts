// Fault targets, by selector. Selectors are resolved when the fault fires, so they follow the
// world as it is then (a reinstalled device is a new device).
//
//   sendsvr-0, connectsvr-1, ...   one server instance (roles: SERVER_ROLES); apns, wppush, bbpush
//                                  (msgstore-i is a replica of shard i % shards, allocator-i a member
//                                  of section group i % groups, seqstore-g that group's max_seq store)
//   sendsvr-*   sendsvr-any        every instance of a role / one drawn at random
//   servers-any                    one instance of any backend role, drawn at random
//   user-3                         every installed device of user 3
//   device-u3-0                    one device, by name
//   devices-*   devices-any        every installed device / one drawn at random
//   devices-25%                    that share of installed devices, drawn at random
//   devices-ios                    every installed device of a platform
import type { Process } from '../sim/process.js';
import type { RandomStream } from '../sim/random.js';
import type { Platform } from '../system/config.js';
import type { Device } from '../system/device.js';
import { PLATFORMS } from '../system/events.js';
import type { FaultKind } from './kinds.js';
import type { World } from '../system/world.js';

export const SERVER_ROLES = ['connectsvr', 'sendsvr', 'receivesvr', 'msgstore', 'pushsvr', 'allocator', 'seqstore'] as const;
export type ServerRole = (typeof SERVER_ROLES)[number];
const PLATFORM_SERVICES = ['apns', 'wppush', 'bbpush'] as const;

export type Selector =
  | { readonly kind: 'server'; readonly role: ServerRole; readonly pick: number | 'all' | 'any' }
  | { readonly kind: 'any-server' }
  | { readonly kind: 'platform-service'; readonly name: (typeof PLATFORM_SERVICES)[number] | 'all' }
  | { readonly kind: 'user'; readonly user: number }
  | { readonly kind: 'device'; readonly name: string }
  | { readonly kind: 'devices'; readonly pick: 'all' | 'any' | number | Platform };

/** A role a fault can target by selector: a backend role, or the devices. */
export type ProcessRole = ServerRole | 'device';

/**
 * Fault kinds that act on one kind of process only: the injector leaves a target of another kind
 * as it was, and the fault still counts as fired (allocator-failover on msgstore-0 passed as if
 * tested). 'platform': the platform push services.
 */
export const KIND_ACTS_ON: Readonly<Partial<Record<FaultKind, ProcessRole | 'platform'>>> = {
  background: 'device',
  'restore-backup': 'device',
  reinstall: 'device',
  'directory-change': 'device',
  'platform-off': 'platform',
  'msgstore-failover': 'msgstore',
  'allocator-failover': 'allocator',
  'reconnect-storm': 'connectsvr',
};

/** Whether `target` can select a process of `role`. */
export function selectsRole(target: string, role: ProcessRole): boolean {
  const selector = parseSelector(target);
  if (typeof selector === 'string') return false;
  switch (selector.kind) {
    case 'server':
      return selector.role === role;
    case 'any-server':
      return role !== 'device';
    case 'platform-service':
      return false;
    default:
      return role === 'device';
  }
}

/** Parses a selector; a string result is the reason it is not one. */
export function parseSelector(text: string): Selector | string {
  const server = /^([a-z]+)-(\d+|\*|any)$/.exec(text);
  if (server !== null && (SERVER_ROLES as readonly string[]).includes(server[1]!)) {
    const pick = server[2] === '*' ? 'all' : server[2] === 'any' ? 'any' : Number(server[2]);
    return { kind: 'server', role: server[1] as ServerRole, pick };
  }
  if (text === 'servers-any') return { kind: 'any-server' };
  if ((PLATFORM_SERVICES as readonly string[]).includes(text)) return { kind: 'platform-service', name: text as (typeof PLATFORM_SERVICES)[number] };
  if (text === 'platform-*') return { kind: 'platform-service', name: 'all' };
  const user = /^user-(\d+)$/.exec(text);
  if (user !== null) return { kind: 'user', user: Number(user[1]) };
  if (/^device-u\d+-\d+$/.test(text)) return { kind: 'device', name: text };
  const devices = /^devices-(\*|any|(\d+(?:\.\d+)?)%|[a-z]+)$/.exec(text);
  if (devices !== null) {
    if (devices[1] === '*') return { kind: 'devices', pick: 'all' };
    if (devices[1] === 'any') return { kind: 'devices', pick: 'any' };
    if (devices[2] !== undefined) {
      const share = Number(devices[2]) / 100;
      return share <= 1 ? { kind: 'devices', pick: share } : `"${text}" is not a share of the devices: expected 0% to 100%`;
    }
    if ((PLATFORMS as readonly string[]).includes(devices[1]!)) return { kind: 'devices', pick: devices[1] as Platform };
  }
  return `"${text}" is not a target: use e.g. sendsvr-0, connectsvr-*, msgstore-any, servers-any, apns, platform-*, user-3, device-u3-0, devices-*, devices-any, devices-25%, devices-ios`;
}

export function serversOf(world: World, role: ServerRole): readonly Process[] {
  switch (role) {
    case 'connectsvr':
      return world.connectSvrs;
    case 'sendsvr':
      return world.sendSvrs;
    case 'receivesvr':
      return world.receiveSvrs;
    case 'msgstore':
      return world.msgStores;
    case 'pushsvr':
      return world.pushSvrs;
    case 'allocator':
      return world.allocators;
    case 'seqstore':
      return world.seqStores;
  }
}

/** The processes a selector names now; empty if none exist (e.g. sendsvr-7 with two instances). */
export function resolveTargets(world: World, selector: Selector, random: RandomStream): Process[] {
  const installed = (): Device[] => world.devices.filter((device) => !world.isRetired(device));
  switch (selector.kind) {
    case 'server': {
      const instances = serversOf(world, selector.role);
      if (selector.pick === 'all') return [...instances];
      if (selector.pick === 'any') return instances.length === 0 ? [] : [random.pick(instances)];
      const one = instances[selector.pick];
      return one === undefined ? [] : [one];
    }
    case 'any-server': {
      const all = SERVER_ROLES.flatMap((role) => serversOf(world, role));
      return [random.pick(all)];
    }
    case 'platform-service':
      return world.platformServices.filter((service) => selector.name === 'all' || service.name === selector.name);
    case 'user':
      return [...world.devicesOf(selector.user)];
    case 'device':
      return installed().filter((device) => device.name === selector.name);
    case 'devices': {
      const devices = installed();
      const pick = selector.pick;
      if (pick === 'all') return devices;
      if (pick === 'any') return devices.length === 0 ? [] : [random.pick(devices)];
      if (typeof pick === 'string') return devices.filter((device) => device.platform === pick);
      const wanted = Math.max(1, Math.round(devices.length * pick));
      return shuffled(devices, random).slice(0, wanted);
    }
  }
}

function shuffled<T>(items: readonly T[], random: RandomStream): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random.int(0, i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}
