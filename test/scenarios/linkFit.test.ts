// A long connection with nothing wrong on it must stay alive, or the run fails for the scenario:
// a device link too slow to carry the longest message before a heartbeat queued behind it misses
// its timeout is refused before the run, with the bandwidth that would do (at 2 kbit/s every
// connection carrying an 8 KiB text was declared dead, and runs failed zero-loss for the link); so
// is a heartbeat interval at or past the timeouts, on any link (on a link with no bandwidth figure
// the correct system failed timeliness, every quiet session dropped between two heartbeats).
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/api.js';
import { NETWORK_PROFILE_NAMES } from '../../src/faults/profiles.js';
import { loadScenario } from '../../src/scenario/load.js';
import { linkFitErrors } from '../../src/scenario/linkFit.js';

const custom = (kbps: number) => `network.device={"latencyMedianMs":50,"latencyP99Ms":200,"bandwidthKbps":${kbps}}`;

describe('the device link', () => {
  it('is refused when the longest message outlasts the heartbeat timeout, naming the bandwidth that would do', () => {
    expect(() => loadScenario('baseline', [custom(2)])).toThrow(/at 2 kbit\/s the longest message \(8229 bytes\) takes 32\.9 s to cross.*Use at least 4\.4 kbit\/s, or longer timeouts/);
    // Mars timings allow it more: a 270 s heartbeat against a 300 s timeout.
    expect(() => loadScenario('baseline', [custom(2), 'knobs.preset=mars'])).toThrow(/Use at least 2\.2 kbit\/s/);
  });

  it('is refused, on any link, when heartbeats do not come within the timeouts, naming the interval', () => {
    const noBandwidth = 'network.device={"latencyMedianMs":5,"latencyP99Ms":25}';
    const tooLong = /knobs\.heartbeatIntervalMs: heartbeats 25 s apart do not come within the 25 s timeout/;
    expect(() => loadScenario('baseline', [noBandwidth, 'knobs.heartbeatIntervalMs=25000'])).toThrow(tooLong);
    // A fast link is not blamed: the interval is.
    expect(() => loadScenario('baseline', ['knobs.heartbeatIntervalMs=25000'])).toThrow(tooLong);
    // ConnectSvr's idle timeout counts as much as the device's.
    expect(() => loadScenario('baseline', ['knobs.heartbeatIntervalMs=30000', 'knobs.deviceHeartbeatTimeoutMs=40000', 'knobs.serverIdleTimeoutMs=30000'])).toThrow(/30 s apart do not come within the 30 s timeout/);
    expect(linkFitErrors(loadScenario('baseline', [noBandwidth, 'knobs.heartbeatIntervalMs=24000']).scenario)).toEqual([]);
  });

  it('lets the correct system pass just inside the heartbeat timeout', () => {
    const report = runScenario('baseline', { seed: 1, set: ['network.device={"latencyMedianMs":5,"latencyP99Ms":25}', 'knobs.heartbeatIntervalMs=24000', 'workload.sendsPerUserPerMin=0.2'] });
    expect(report.invariants.filter((invariant) => !invariant.ok)).toEqual([]);
  });

  it('is taken at the bandwidth it names, and on every named profile', () => {
    expect(linkFitErrors(loadScenario('baseline', [custom(4.4)]).scenario)).toEqual([]);
    expect(linkFitErrors(loadScenario('baseline', [custom(2.3), 'knobs.preset=mars']).scenario)).toEqual([]);
    for (const profile of NETWORK_PROFILE_NAMES) expect(linkFitErrors(loadScenario('baseline', [`network.device=${profile}`]).scenario), profile).toEqual([]);
  });
});
