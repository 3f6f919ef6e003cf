// The oracle's own table of platform push services: a platform the system leaves unwired (here
// BlackBerry, as a planted bug in the system's table) goes without its platform push, and the
// oracle, which no longer asks the system's table, sees it. dead-phones has BlackBerry users.
import { describe, expect, it, vi } from 'vitest';
import { runScenario } from '../../src/api.js';
import { PUSH_SERVICE_OF } from '../../src/oracle/pushServices.js';

vi.mock('../../src/system/topology.js', async (importOriginal) => {
  const topology = await importOriginal<typeof import('../../src/system/topology.js')>();
  return { ...topology, platformServiceOf: (platform: string) => (platform === 'bb' ? undefined : topology.platformServiceOf(platform as 'ios')) };
});

describe("the oracle's platform push services", () => {
  it('are those of the design: APNs, WPPush and BBPush, and none for Android or desktop', () => {
    expect(PUSH_SERVICE_OF).toEqual({ ios: 'apns', wp: 'wppush', bb: 'bbpush', android: undefined, desktop: undefined });
  });

  it('fail push-route when the system leaves BlackBerry without its service', () => {
    for (const seed of ['1', '2', '4']) {
      const failed = runScenario('dead-phones', { seed }).invariants.filter((invariant) => !invariant.ok);
      expect(failed.map((invariant) => invariant.name)).toContain('push-route');
      expect(failed.find((invariant) => invariant.name === 'push-route')?.first?.detail).toMatch(/its bb push service was on/);
    }
  });
});
