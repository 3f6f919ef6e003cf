// Data-centre link chaos: a dc-link fault degrades the links between servers only (a device's own
// access network still rules its links), overlapping faults each take only their own profile away,
// the swarm can leave one fault kind out while drawing every other exactly as before, and the
// switch-flap scenario loses presence on the way to PushSvr, which only the periodic refresh repairs.
import { describe, expect, it } from 'vitest';
import { DC_PROFILES } from '../../src/faults/profiles.js';
import { swarmScenario } from '../../src/faults/swarm.js';
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
