// Data-centre link chaos: a dc-link fault degrades the links between servers only (a device's own
// access network still rules its links), overlapping faults each take only their own profile away,
// the swarm can leave one fault kind out while drawing every other exactly as before, and the
// switch-flap scenario loses presence on the way to PushSvr, which only the periodic refresh repairs.
// dc-replay keeps the run's own link and adds late copies; its aims leave every seed's other faults
// as they were; and on the replays scenario a PushSvr that takes a replayed presence fails.
import { afterEach, describe, expect, it } from 'vitest';
import { AIMS } from '../../src/faults/aims.js';
import { DC_PROFILES } from '../../src/faults/profiles.js';
import { swarmScenario } from '../../src/faults/swarm.js';
import { targetedSwarmScenario } from '../../src/faults/targetedSwarm.js';
import { FaultInjector } from '../../src/faults/injector.js';
import { Simulation } from '../../src/sim/simulation.js';
import { PushSvr } from '../../src/system/pushSvr.js';
import { emptyTopology } from '../../src/system/topology.js';
import { World } from '../../src/system/world.js';
import { runOne } from '../../src/run/runOne.js';
import { runJob } from '../../src/run/sweepJob.js';
import { loadScenario } from '../../src/scenario/load.js';
import { spec } from '../oracle/specs.js';

describe('dc-link', () => {
  it('puts its profile on server-to-server links and takes it away again, even when faults overlap', () => {
    const run = spec(
      {
        name: 'dc',
        durationMs: 20_000,
        faults: [
          { at: 2_000, for: 10_000, kind: 'dc-link', target: 'msgstore-0', profile: 'dc-bloat' },
          { at: 4_000, for: 2_000, kind: 'dc-link', target: 'msgstore-0', profile: 'dc-lossy' },
        ],
      },
      1,
    );
    const handle = runOne(run);
    expect(handle.result.ok).toBe(true);
    expect(handle.result.faults['dc-link']).toBe(2);
    // After the heal nothing is left on the links (the profiles were a stack, not saved and restored).
    const network = handle.sim.network;
    const [store, sendSvr] = [handle.world.msgStores[0]!.id, handle.world.sendSvrs[0]!.id];
    expect(network.profileFor(sendSvr, store)).toEqual(run.world.knobs.dataCenterLink);
    network.setServerProfile(store, DC_PROFILES['dc-bloat']);
    expect(network.profileFor(sendSvr, store)).toBe(DC_PROFILES['dc-bloat']);
    // A device's link to a server keeps the device's own profile.
    const device = handle.world.devices[0]!.id;
    expect(network.profileFor(device, store)).toBe(network.profileFor(device, sendSvr));
  });

  it("dc-replay keeps the run's own link and adds only the late copies", () => {
    const dataCenter = { latencyMedianMs: 0.4, latencyP99Ms: 3, lossRate: 0.01, duplicateRate: 0 };
    const run = spec({ name: 'replay', durationMs: 20_000, network: { device: 'good-wifi', dataCenter }, faults: [{ at: 2_000, kind: 'dc-link', target: 'msgstore-0', profile: 'dc-replay' }] }, 1);
    const sim = new Simulation({ seed: run.seed });
    const world = new World(sim, run.world, emptyTopology());
    new FaultInjector(world, run.faults);
    sim.run(5_000_000);
    const [store, sendSvr] = [world.msgStores[0]!.id, world.sendSvrs[0]!.id];
    const { replay, duplicateRate } = DC_PROFILES['dc-replay'];
    expect(sim.network.profileFor(sendSvr, store)).toEqual({ ...run.world.knobs.dataCenterLink, duplicateRate, replay });
    expect(run.world.knobs.dataCenterLink.latencyMedianUs).toBe(400);
  });

  it('the replay aims draw from streams of their own: every seed keeps the rest of its draw', () => {
    const base = loadScenario('baseline').scenario;
    const withoutReplays = AIMS.filter((aim) => aim.stream?.startsWith('replay-') !== true);
    expect(withoutReplays.length).toBe(AIMS.length - 3);
    let replayed = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const all = targetedSwarmScenario(base, String(seed));
      const replays = all.faults.filter((fault) => fault.profile === 'dc-replay');
      replayed += replays.length > 0 ? 1 : 0;
      expect(targetedSwarmScenario(base, String(seed), {}, withoutReplays).faults).toEqual(all.faults.filter((fault) => !replays.includes(fault)));
    }
    expect(replayed).toBeGreaterThan(10);
  });

  describe('replays scenario', () => {
    const proto = PushSvr.prototype as unknown as { online: (this: { gone: { delete(device: number): void } }, message: { device: number }, stamp: number) => void };
    const online = proto.online;
    afterEach(() => {
      proto.online = online;
    });

    it('the correct system passes; a PushSvr that takes a replayed presence of a login gone fails push-route', () => {
      const seeds = ['1', '2', '3', '4', '5', '6'];
      for (const seed of seeds) expect(runJob({ source: 'replays', seed, swarm: false, mutants: [] }).ok).toBe(true);
      // The planted bug: PushSvr forgets that the login was reported gone before it reads the word that it is up.
      proto.online = function (message, stamp) {
        this.gone.delete(message.device);
        online.call(this, message, stamp);
      };
      const failed = seeds.map((seed) => runJob({ source: 'replays', seed, swarm: false, mutants: [] })).filter((result) => !result.ok);
      expect(failed.length).toBeGreaterThan(0);
      for (const result of failed) expect(result.failed, result.replay).toEqual(['push-route']);
    });
  });

  it('swarm without a fault kind draws every other fault exactly as with it', () => {
    const base = loadScenario('mutant-hunt').scenario;
    for (let seed = 1; seed <= 30; seed++) {
      const all = swarmScenario(base, String(seed));
      const without = swarmScenario(base, String(seed), { without: ['dc-link'] });
      expect(without.faults).toEqual(all.faults.filter((fault) => fault.kind !== 'dc-link'));
      expect({ ...without, faults: [] }).toEqual({ ...all, faults: [] });
    }
  });

  it('switch-flap: the correct system passes, and a ConnectSvr that never refreshes presence fails push-route on every seed', () => {
    for (let seed = 1; seed <= 3; seed++) {
      expect(runJob({ source: 'switch-flap', seed: String(seed), swarm: false, mutants: [] }).ok).toBe(true);
      const buggy = runJob({ source: 'switch-flap', seed: String(seed), swarm: false, mutants: ['no-presence-refresh'] });
      expect(buggy.failed, buggy.replay).toContain('push-route');
    }
  });
});
