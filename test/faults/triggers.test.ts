// Faults timed to protocol moments: armed at `at`, a fault strikes once, on the first target to
// reach the moment, `delayMs` after it; after the heal nothing armed strikes any more.
import { describe, expect, it } from 'vitest';
import { runScenarioWithTrace } from '../../src/api.js';
import { scenarioSchema, type ScenarioInput } from '../../src/scenario/schema.js';

const base: ScenarioInput = { durationMs: 20_000, users: { count: 6 }, workload: { sendsPerUserPerMin: 12 }, network: { device: 'good-wifi' } };

function run(input: ScenarioInput) {
  const { report, handle } = runScenarioWithTrace(scenarioSchema.parse({ name: 'triggers', ...input }), { seed: 2, keepTrace: true });
  return { report, records: handle.sim.trace.records()!, nameOf: (id: number) => handle.sim.process(id).name };
}

describe('a fault timed to a protocol moment', () => {
  it('strikes the first target to reach the moment after it is armed, once, delayMs after the moment', () => {
    const { report, records, nameOf } = run({ ...base, faults: [{ at: 5_000, kind: 'break-connections', target: 'devices-*', on: 'pull', delayMs: 2 }] });
    expect(report.ok, report.replay).toBe(true);
    const HEAL = 4;
    const strikes = records.filter((r) => r.kind === 'fault' && r.fields['phase'] !== HEAL);
    expect(strikes).toHaveLength(1);
    const firstPull = records.find((r) => r.kind === 'pull' && r.timeUs >= 5_000_000)!;
    expect(strikes[0]!.timeUs).toBe(firstPull.timeUs + 2_000);
    expect(nameOf(strikes[0]!.fields['target']!)).toBe(nameOf(firstPull.actor));
  });

  it('never strikes after the heal', () => {
    // Half the apps are killed until the heal reopens them; the others' sessions came up before the
    // fault was armed, so the first session to come up once it is armed comes after the heal.
    const { report, records } = run({
      ...base,
      faults: [
        { at: 1_000, kind: 'kill', target: 'devices-50%' },
        { at: 2_000, kind: 'half-open', target: 'devices-*', on: 'session-up' },
      ],
    });
    expect(report.ok, report.replay).toBe(true);
    const healUs = records.find((r) => r.kind === 'fault' && r.fields['phase'] === 4)!.timeUs;
    expect(records.some((r) => r.kind === 'session' && r.fields['kind'] !== 0 && r.timeUs > healUs)).toBe(true);
    expect(report.faults['half-open']).toBeUndefined();
  });

  it('is refused on a crash point (already armed) and delayMs without a moment', () => {
    const refusal = (fault: object) => scenarioSchema.safeParse({ faults: [{ at: 0, target: 'sendsvr-*', ...fault }] }).error?.issues[0]?.message;
    expect(refusal({ kind: 'crash-point', point: 'send.acked', on: 'pull' })).toBe('a crash-point fault is armed already; "on" times other kinds');
    expect(refusal({ kind: 'crash', delayMs: 3 })).toBe('"delayMs" needs "on"');
    expect(refusal({ kind: 'crash', on: 'no-such-moment' })).toMatch(/expected one of "pull"\|"notify"/);
  });
});
