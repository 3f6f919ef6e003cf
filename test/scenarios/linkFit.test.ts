// A device link too slow to carry the longest message before a heartbeat queued behind it misses
// its timeout is refused before the run, with the bandwidth that would do: at 2 kbit/s every
// connection carrying an 8 KiB text was declared dead, and runs failed zero-loss for the link.
import { describe, expect, it } from 'vitest';
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

  it('is taken at the bandwidth it names, and on every named profile', () => {
    expect(linkFitErrors(loadScenario('baseline', [custom(4.4)]).scenario)).toEqual([]);
    expect(linkFitErrors(loadScenario('baseline', [custom(2.3), 'knobs.preset=mars']).scenario)).toEqual([]);
    for (const profile of NETWORK_PROFILE_NAMES) expect(linkFitErrors(loadScenario('baseline', [`network.device=${profile}`]).scenario), profile).toEqual([]);
  });
});
