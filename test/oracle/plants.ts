// Shared by the tests that plant a realistic bug through a system class's prototype: the correct
// system keeps an invariant on some seeds; the test judges what the plant makes of them.
import { expect } from 'vitest';
import { runScenario } from '../../src/api.js';
import { loadScenario } from '../../src/scenario/load.js';
import { Network, type SendWatcher } from '../../src/sim/network.js';
import type { SystemKnobs } from '../../src/system/config.js';
import { route, type Topology } from '../../src/system/topology.js';

export type Verdict = { readonly ok: boolean; readonly first: { readonly kind: string | null; readonly detail: string } | null };

/**
 * One invariant's verdict on one run. A swarm run keeps the scenario's own servers: these tests chose
 * their seeds for the faults drawn, and the draw of servers is tested on its own (swarmServers.test.ts).
 */
export const verdictOf = (invariant: string, scenario: string, seed: string, swarm = false): Verdict =>
  runScenario(scenario, { seed, swarm, set: swarm ? ownServers(scenario) : [] }).invariants.find((i) => i.name === invariant)!;

/** `--set` overrides that pin every server count to the scenario's own. */
function ownServers(scenario: string): string[] {
  return Object.entries(loadScenario(scenario).scenario.servers).map(([tier, count]) => `servers.${tier}=${count}`);
}

/** `verdict` holds on every seed; then, after `plant`, each seed's verdict, for the caller to judge. */
export function plantedVerdicts(verdict: (seed: string) => Verdict, seeds: readonly string[], plant: () => void): Verdict[] {
  for (const seed of seeds) expect(verdict(seed).ok, seed).toBe(true);
  plant();
  return seeds.map(verdict);
}

/**
 * Remembers whether `proto` has `name` of its own (or inherits it), and returns what puts that back:
 * for a plant on a class that inherits the method it replaces (Process.send, Process.setTimer).
 */
export function ownPropertyRestorer<T extends object>(proto: T, name: keyof T & string): () => void {
  const own = Object.getOwnPropertyDescriptor(proto, name);
  return () => {
    if (own === undefined) delete (proto as Partial<T>)[name];
    else Object.defineProperty(proto, name, own);
  };
}

/**
 * Plants a bug that reads one knob wrong: while `proto[name]` runs, the instance's knobs are a copy
 * that `change` made (a device's heartbeat timing, a ConnectSvr's sweep). Returns what puts the
 * method back.
 */
export function plantKnobs<T extends { knobs: SystemKnobs }>(proto: T, name: keyof T & string, change: (knobs: SystemKnobs) => SystemKnobs): () => void {
  const method = proto[name] as unknown as (this: T, ...args: unknown[]) => unknown;
  (proto as Record<string, unknown>)[name] = function (this: T, ...args: unknown[]) {
    const { knobs } = this;
    this.knobs = change(knobs);
    try {
      return method.apply(this, args);
    } finally {
      this.knobs = knobs;
    }
  };
  return () => {
    (proto as Record<string, unknown>)[name] = method;
  };
}

/**
 * Leaves the send-side heartbeat rule (heartbeatsSent.ts) out of the runs until the returned function
 * puts it back: it sees a planted heartbeat bug first, and a test of the rules on arrivals
 * (heartbeatCadence.ts) judges those alone.
 */
export function withoutSentHeartbeats(): () => void {
  const proto = Network.prototype as unknown as { watchSends(type: string, watcher: SendWatcher): void };
  const { watchSends } = proto;
  proto.watchSends = function (this: Network, type: string, watcher: SendWatcher) {
    if (type !== 'heartbeat') watchSends.call(this, type, watcher);
  };
  return () => {
    proto.watchSends = watchSends;
  };
}

/** A server's send, and the topology it routes by: what plantDeviceRoute replaces. */
interface Routing {
  send(to: number, message: { readonly type: string; readonly device?: number }): void;
  readonly topology: Topology;
}

/**
 * Plants a routing bug: every message of `type` that `proto`'s server sends goes to the instance of
 * `tier` its device's id routes to, not where it should. Returns what puts the inherited send back.
 */
export function plantDeviceRoute(proto: object, type: string, tier: 'connectSvrs' | 'pushSvrs'): () => void {
  const routing = proto as Routing;
  const restore = ownPropertyRestorer(routing, 'send');
  const inherited = routing.send;
  routing.send = function (this: Routing, to, message) {
    inherited.call(this, message.type === type ? route(this.topology[tier], message.device!) : to, message);
  };
  return restore;
}
