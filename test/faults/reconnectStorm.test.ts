// A reconnect storm: every device on the target ConnectSvr dials it at the same instant while its
// logins are slow; a full login queue answers hello-busy, and each refused device logs in later,
// after its backoff. The correct system delivers everything; a client that takes busy for a logout
// never comes back (the planted busy-as-logout), and only the storm shows it.
import { describe, expect, it } from 'vitest';
import { runScenario, runScenarioWithTrace } from '../../src/api.js';
import { EV_LOGIN, EV_LOGIN_REFUSED } from '../../src/system/events.js';

describe('reconnect-storm', () => {
  it('refuses the logins a full queue cannot hold, and every refused device logs in after its backoff', () => {
    const { report, handle } = runScenarioWithTrace('reconnect-storm', { seed: 1, keepTrace: true });
    expect(report.ok, report.replay).toBe(true);
    const records = handle.sim.trace.records()!;
    const refused = records.filter((r) => r.kind === EV_LOGIN_REFUSED.name);
    expect(refused.length).toBeGreaterThan(0);
    for (const refusal of refused) {
      const device = refusal.fields['device'];
      const later = records.find((r) => r.kind === EV_LOGIN.name && r.fields['device'] === device && r.timeUs > refusal.timeUs);
      expect(later, `device ${device} logged in again`).toBeDefined();
    }
    expect(report.coverage['login-refused-busy']).toBe(refused.length);
    expect(report.messages.deliveries).toBe(report.messages.expectedDeliveries);
  });

  it('exposes a client that takes busy for a logout, and the same run without the storm does not', () => {
    const failed = runScenario('reconnect-storm', { seed: 1, mutants: ['busy-as-logout'] });
    expect(failed.invariants.find((i) => i.name === 'zero-loss')!.ok).toBe(false);
    expect(runScenario('baseline', { seed: 1, mutants: ['busy-as-logout'] }).ok).toBe(true);
  });
});
