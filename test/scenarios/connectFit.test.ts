// A connect timeout shorter than a login takes on the device link is warned of before the run: the
// run then fails zero-loss for the knobs (apps hardly ever connect), and the warning says why.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/api.js';
import { NETWORK_PROFILE_NAMES } from '../../src/faults/profiles.js';
import { connectFitWarnings } from '../../src/scenario/connectFit.js';
import { loadScenario } from '../../src/scenario/load.js';

const warnings = (set: string[]) => connectFitWarnings(loadScenario('baseline', set).scenario);

describe('the connect timeout', () => {
  it('is warned of when a login on the device link takes longer at its median, naming the time it takes', () => {
    expect(warnings(['network.device=2g', 'knobs.connectTimeoutMs=114'])).toEqual([
      'knobs.connectTimeoutMs: 114 ms is shorter than a typical login on the device link, 1,200 ms (four one-way trips at its 300 ms median, then the login\'s 0 ms at ConnectSvr): most connection attempts will time out, and apps may never connect',
    ]);
    // A login's own cost counts too.
    expect(warnings(['network.device=3g', 'knobs.connectTimeoutMs=322', 'knobs.loginServiceMs=641'])[0]).toMatch(/322 ms is shorter than a typical login on the device link, 881 ms/);
    expect(warnings(['network.device=2g', 'knobs.connectTimeoutMs=1200'])).toEqual([]);
  });

  it('is not warned of at the default knobs on any named link', () => {
    for (const profile of NETWORK_PROFILE_NAMES) expect(warnings([`network.device=${profile}`]), profile).toEqual([]);
  });

  it('warns of a run that then fails zero-loss, and of none that passes', () => {
    const short = runScenario('weak-2g', { seed: 54702, set: ['knobs.connectTimeoutMs=114'] });
    expect(short.invariants.find((invariant) => invariant.name === 'zero-loss')?.ok).toBe(false);
    expect(runScenario('weak-2g', { seed: 54702 }).ok).toBe(true);
  });
});
