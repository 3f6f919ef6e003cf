// Swarm mode draws each seed's servers (swarmServers.ts): from a stream of its own, so the faults,
// knobs and aims of every seed are as they were; in half the seeds the scenario's own. A SendSvr
// that asked the sender's PushSvr to push to every target escaped every named scenario's swarm
// runs but two (the only ones with a second PushSvr); the draw gives it one in a third of the seeds.
import { afterEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/api.js';
import { drawSwarm } from '../../src/faults/swarmDraws.js';
import { drawServers } from '../../src/faults/swarmServers.js';
import { targetedSwarmScenario } from '../../src/faults/targetedSwarm.js';
import { seedScenario } from '../../src/run/seedScenario.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { ChatMessage, PushTarget } from '../../src/system/wire.js';
import { SendSvr } from '../../src/system/sendSvr.js';
import { route, type Topology } from '../../src/system/topology.js';

const { scenario } = loadScenario('mutant-hunt');
const SEEDS = Array.from({ length: 200 }, (_, i) => String(i + 1));

type Job = { readonly message: ChatMessage; readonly committed: PushTarget[] };
type SendSvrParts = { topology: Topology; requestPush(job: Job): void; send(to: number, message: unknown): void };
const proto = SendSvr.prototype as unknown as SendSvrParts;
const requestPush = proto.requestPush;

afterEach(() => {
  proto.requestPush = requestPush;
});

/** The planted bug: one push request for every target, to the PushSvr that serves the sender. */
function plantSendersPushSvr(): void {
  proto.requestPush = function (this: SendSvrParts, job: Job) {
    this.send(route(this.topology.pushSvrs, job.message.fromUser), { type: 'push-req', message: job.message, targets: job.committed });
  };
}

const pushRouteOk = (seed: string, set: string[] = []) => runScenario('mutant-hunt', { seed, swarm: true, set }).invariants.find((i) => i.name === 'push-route')!.ok;

describe('the swarm draw of servers', () => {
  it('comes from a stream of its own: every seed keeps its faults, knobs and aims', () => {
    for (const seed of SEEDS) {
      const { servers, ...drawn } = drawSwarm(scenario, seed);
      const { servers: own, ...before } = targetedSwarmScenario(scenario, seed);
      expect(drawn, seed).toEqual(before);
      expect(own).toEqual(scenario.servers);
      expect(servers).toEqual(drawServers(scenario, seed));
    }
  });

  it("keeps the scenario's servers in about half the seeds, and varies every tier in the rest", () => {
    const drawn = SEEDS.map((seed) => drawServers(scenario, seed));
    const kept = drawn.filter((servers) => servers === scenario.servers).length;
    expect(kept).toBeGreaterThan(70);
    expect(kept).toBeLessThan(130);
    for (const tier of Object.keys(scenario.servers) as (keyof typeof scenario.servers)[]) {
      expect(new Set(drawn.map((servers) => servers[tier])).size, tier).toBeGreaterThan(1);
    }
    expect(drawn.filter((servers) => servers.pushSvrs > 1).length).toBeGreaterThan(40);
  });

  it('gives way to a --set of a server count', () => {
    const loaded = loadScenario('mutant-hunt', ['servers.pushSvrs=2']);
    for (const seed of SEEDS.slice(0, 40)) expect(seedScenario(loaded.scenario, loaded.overrides, seed, { swarm: true }).servers.pushSvrs, seed).toBe(2);
  });

  it("shows a SendSvr that asks the sender's PushSvr, which no seed with the scenario's one PushSvr does", () => {
    expect(scenario.servers.pushSvrs).toBe(1);
    const severalPushSvrs = SEEDS.filter((seed) => drawServers(scenario, seed).pushSvrs > 1).slice(0, 4);
    for (const seed of severalPushSvrs) expect(pushRouteOk(seed), seed).toBe(true);
    plantSendersPushSvr();
    const caught = severalPushSvrs.filter((seed) => !pushRouteOk(seed));
    expect(caught.length).toBeGreaterThanOrEqual(3);
    // The same seeds with one PushSvr: the sender's is everyone's, and the bug does no harm.
    for (const seed of caught) expect(pushRouteOk(seed, ['servers.pushSvrs=1']), seed).toBe(true);
  });
});
