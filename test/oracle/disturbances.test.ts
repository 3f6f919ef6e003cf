// Disturbances: which process was under a fault, and when. A fault that struck at an instant (a
// connection broken or made half-open) disturbs its device for a tail; a session the device began
// after it runs on a new connection, so asked about that session it does not count. A fault that
// lasts counts however early it began.
import { describe, expect, it } from 'vitest';
import { EV_FAULT, FAULT_END, FAULT_INSTANT, FAULT_START } from '../../src/faults/faultEvents.js';
import { FAULT_KIND_NAMES } from '../../src/faults/kinds.js';
import { LINK_PROFILE_NAMES, LINK_PROFILES, NETWORK_PROFILES } from '../../src/faults/profiles.js';
import { connectionHopMaxUs, deriveBounds } from '../../src/oracle/bounds.js';
import { Disturbances } from '../../src/oracle/disturbances.js';
import { Process } from '../../src/sim/process.js';
import { latencyMaxUs } from '../../src/sim/random.js';
import { Simulation } from '../../src/sim/simulation.js';
import { DEFAULT_KNOBS } from '../../src/system/config.js';

class Phone extends Process {
  constructor() {
    super('phone', 'device', null);
  }
  start(): void {}
}

/** `restartTailUs`: how long a crash of the process the fault strikes lasts once it is back. */
function setUp(restartTailUs = deriveBounds(DEFAULT_KNOBS, NETWORK_PROFILES.wifi).faultTailUs) {
  const sim = new Simulation({ seed: 'disturbances' });
  const phone = sim.add(new Phone()).id;
  const disturbances = new Disturbances(sim, deriveBounds(DEFAULT_KNOBS, NETWORK_PROFILES.wifi), DEFAULT_KNOBS, (process) => (process === phone ? restartTailUs : 0));
  const fault = (atUs: number, kind: string, phase: number, detail = 0) => {
    sim.nowUs = atUs;
    sim.trace.emit(EV_FAULT, -1, FAULT_KIND_NAMES.indexOf(kind as never), phone, phase, detail);
  };
  const bounds = deriveBounds(DEFAULT_KNOBS, NETWORK_PROFILES.wifi);
  return { phone, disturbances, fault, bounds };
}

describe('disturbances', () => {
  it('leaves out an instant fault that struck before the session asked about, and only that', () => {
    const { phone, disturbances, fault } = setUp();
    fault(1_000_000, 'half-open', FAULT_INSTANT);
    // Within the half-open's tail: disturbed, unless the question is about a session begun after it.
    expect(disturbances.touched(phone, 5_000_000, 6_000_000)).toBe(true);
    expect(disturbances.touched(phone, 5_000_000, 6_000_000, 2_000_000)).toBe(false);
    expect(disturbances.touched(phone, 5_000_000, 6_000_000, 1_000_000)).toBe(true);
    // A fault that lasted from before the session still counts.
    fault(8_000_000, 'offline', FAULT_START);
    fault(9_000_000, 'offline', FAULT_END);
    expect(disturbances.touched(phone, 9_500_000, 9_600_000, 8_500_000)).toBe(true);
    expect(disturbances.clearUs(phone, 0)).toBeGreaterThan(9_000_000);
  });

  it("ends a data-centre link fault's tail once a datagram still on its way would have been retried", () => {
    const { phone, disturbances, fault, bounds } = setUp();
    const profile = (name: string) => LINK_PROFILE_NAMES.indexOf(name as never);
    // dc-jitter's slowest datagram (2.3 s) lands within the retries' wait: the tail waits for it.
    fault(1_000_000, 'dc-link', FAULT_START, profile('dc-jitter'));
    fault(2_000_000, 'dc-link', FAULT_END, profile('dc-jitter'));
    const jitter = LINK_PROFILES['dc-jitter'];
    expect(disturbances.clearUs(phone, 0)).toBe(2_000_000 + latencyMaxUs(jitter.latencyMedianUs, jitter.latencyP99Us) + bounds.faultTailUs);
    // dc-reordering's slowest (2,440 s) would outlast any run; one later than the retries is as good as lost.
    const reordering = LINK_PROFILES['dc-reordering'];
    expect(latencyMaxUs(reordering.latencyMedianUs, reordering.latencyP99Us)).toBeGreaterThan(2_000_000_000);
    fault(3_000_000, 'dc-link', FAULT_START, profile('dc-reordering'));
    fault(4_000_000, 'dc-link', FAULT_END, profile('dc-reordering'));
    expect(disturbances.clearUs(phone, 0)).toBe(4_000_000 + 2 * bounds.faultTailUs);
  });

  it("ends a crash's tail where the view says its restart is over, and only a crash's", () => {
    for (const restartTailUs of [70_000, 9_000_000]) {
      const { phone, disturbances, fault, bounds } = setUp(restartTailUs);
      fault(1_000_000, 'crash', FAULT_START);
      fault(2_000_000, 'crash', FAULT_END);
      expect(disturbances.clearUs(phone, 0)).toBe(2_000_000 + restartTailUs);
      // A power loss undoes unsynced writes as well: its tail stays the general one.
      fault(3_000_000, 'power-loss', FAULT_START);
      fault(4_000_000, 'power-loss', FAULT_END);
      expect(disturbances.clearUs(phone, 0)).toBe(4_000_000 + bounds.faultTailUs);
    }
    // A resync is two hops, where the general tail waits out a periodic refresh among much else.
    const { bounds } = setUp();
    expect(bounds.presenceResyncUs).toBe(2 * bounds.dcHopMaxUs);
    expect(bounds.faultTailUs).toBeGreaterThan(DEFAULT_KNOBS.heartbeatIntervalUs);
  });

  it('takes a dc-link fault that only replays datagrams for no disturbance: a late copy excuses nothing', () => {
    const { phone, disturbances, fault } = setUp();
    const profile = (name: string) => LINK_PROFILE_NAMES.indexOf(name as never);
    fault(1_000_000, 'dc-link', FAULT_START, profile('dc-replay'));
    expect(disturbances.touched(phone, 1_500_000, 2_000_000)).toBe(false);
    fault(3_000_000, 'dc-link', FAULT_END, profile('dc-replay'));
    expect(disturbances.clearUs(phone, 0)).toBe(0);
    // The same fault with a profile that delays the originals does disturb.
    fault(4_000_000, 'dc-link', FAULT_START, profile('dc-jitter'));
    expect(disturbances.touched(phone, 4_500_000, 5_000_000)).toBe(true);
  });

  it('keeps a lossy network fault until the heartbeats would find a connection TCP gave up on', () => {
    const { phone, disturbances, fault, bounds } = setUp();
    const profile = (name: string) => LINK_PROFILE_NAMES.indexOf(name as never);
    // 4g loses too little for TCP to give up: the slowest hop, then the retries.
    fault(1_000_000, 'network-profile', FAULT_START, profile('4g'));
    fault(2_000_000, 'network-profile', FAULT_END, profile('4g'));
    expect(disturbances.clearUs(phone, 0)).toBe(2_000_000 + connectionHopMaxUs(LINK_PROFILES['4g']) + bounds.faultTailUs);
    // On lossy wifi a connection may die without a word: as after a half-open break.
    fault(3_000_000, 'network-profile', FAULT_START, profile('lossy-wifi'));
    fault(4_000_000, 'network-profile', FAULT_END, profile('lossy-wifi'));
    expect(bounds.halfOpenTailUs).toBeGreaterThan(connectionHopMaxUs(LINK_PROFILES['lossy-wifi']) + bounds.faultTailUs);
    expect(disturbances.clearUs(phone, 0)).toBe(4_000_000 + bounds.halfOpenTailUs);
  });

  it('keeps a stall that the heal ended early until the network lets its traffic go, then its tail', () => {
    const { phone, disturbances, fault, bounds } = setUp();
    // A 30 s stall (its event's detail is its length in ms), ended by a heal 5 s in.
    fault(1_000_000, 'stall', FAULT_START, 30_000);
    fault(6_000_000, 'stall', FAULT_END);
    expect(disturbances.clearUs(phone, 0)).toBe(31_000_000 + bounds.faultTailUs);
    expect(disturbances.touched(phone, 20_000_000, 20_000_000)).toBe(true);
    // A stall that runs its course ends where it ends.
    const other = setUp();
    other.fault(1_000_000, 'stall', FAULT_START, 5_000);
    other.fault(6_000_000, 'stall', FAULT_END);
    expect(other.disturbances.clearUs(other.phone, 0)).toBe(6_000_000 + bounds.faultTailUs);
  });
});
