// Acceptance for the named scenarios in scenarios/: on the correct system every one of them passes
// every invariant on seeds 1-20, its scheduled faults really fire, and the few scenarios with a
// measurable point (2G is slower than baseline, baseline meets 100 ms, seq-exhaustion really
// exhausts) make it. Each (scenario, seed) runs once; the checks share the reports.
import { describe, expect, it } from 'vitest';
import { runScenario, runScenarioWithTrace } from '../../src/api.js';
import type { RunReport } from '../../src/report/runReport.js';
import { scenarioNames } from '../../src/scenario/load.js';
import { EV_SEND_REJECTED, REJECT_REASONS } from '../../src/system/events.js';

const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);
const NAMES = scenarioNames();

/** The scenarios this suite was written for; more may be added, none may go missing. */
const EXPECTED = [
  'baseline',
  'weak-2g',
  'lossy-wifi',
  'subway-tunnel',
  'elevator-flaps',
  'multi-device',
  'ios-background',
  'platform-push-off',
  'connectsvr-crash',
  'sendsvr-crash-points',
  'seqsvr-restart',
  'push-partition',
  'group-storm',
  'seq-exhaustion',
  'reinstall',
  'storage-failover',
];

interface Run {
  readonly report: RunReport;
  /** Sends the device saw rejected as seq-exhausted (counted only for seq-exhaustion). */
  readonly seqExhausted: number;
}

const runs = new Map<string, Run>();
const SEQ_EXHAUSTED = REJECT_REASONS.indexOf('seq-exhausted');

function run(name: string, seed: number): Run {
  const key = `${name}#${seed}`;
  let cached = runs.get(key);
  if (cached === undefined) {
    if (name === 'seq-exhaustion') {
      // Keep the trace to tell seq-exhausted rejections from the workload's spam and blacklist ones.
      const { report, handle } = runScenarioWithTrace(name, { seed, keepTrace: true });
      const records = handle.sim.trace.records() ?? [];
      const seqExhausted = records.filter((r) => r.kind === EV_SEND_REJECTED.name && r.fields.reason === SEQ_EXHAUSTED).length;
      cached = { report, seqExhausted };
    } else {
      cached = { report: runScenario(name, { seed }), seqExhausted: 0 };
    }
    runs.set(key, cached);
  }
  return cached;
}

/** Scenario, seed, each failing invariant with its first violation, and the replay command. */
function describeFailure(report: RunReport): string {
  const lines = [`${report.scenario} seed ${report.seed}: ${report.outcome}${report.abort === null ? '' : ` (${report.abort})`}`];
  for (const invariant of report.invariants) {
    if (invariant.ok) continue;
    const first = invariant.first;
    const where = first === null ? '' : [first.msgId === null ? '' : ` msg ${first.msgId}`, first.user === null ? '' : ` user ${first.user}`, first.device === null ? '' : ` ${first.device}`, first.seq === null ? '' : ` seq ${first.seq}`, ` at ${first.timeUs / 1000} ms`].join('');
    lines.push(`  ${invariant.name} (${invariant.violations} violations): ${first?.detail ?? '?'}${where}`);
  }
  lines.push(`  replay: ${report.replay}`);
  return lines.join('\n');
}

describe('named scenarios', () => {
  it('ships every named scenario', () => {
    expect(NAMES).toEqual(expect.arrayContaining(EXPECTED));
  });

  describe.each(NAMES)('%s', (name) => {
    it.each(SEEDS)('passes every invariant, seed %i', (seed) => {
      const { report } = run(name, seed);
      expect(report.ok, describeFailure(report)).toBe(true);
    });

    it('really fires its scheduled faults, on every seed', () => {
      for (const seed of SEEDS) {
        const { report } = run(name, seed);
        if (report.faultsScheduled === 0) continue;
        expect(report.faultsFired, `${name} seed ${seed}: ${report.faultsScheduled} faults scheduled`).toBeGreaterThan(0);
      }
    });
  });

  it('weak-2g is slower than baseline (seed 1), and loses nothing', () => {
    const weak = run('weak-2g', 1).report;
    const base = run('baseline', 1).report;
    expect(weak.latencyMs.p99).toBeGreaterThan(base.latencyMs.p99);
    expect(weak.latencyByClassMs.healthy.p99).toBeGreaterThan(base.latencyByClassMs.healthy.p99);
    expect(weak.messages.lost).toBe(0);
    expect(weak.messages.deliveries).toBe(weak.messages.expectedDeliveries);
  });

  it('baseline meets the 100 ms healthy p99 on seeds 1-20', () => {
    for (const seed of SEEDS) {
      const { report } = run('baseline', seed);
      expect(report.latencyByClassMs.healthy.count, `seed ${seed}`).toBeGreaterThan(0);
      expect(report.latencyByClassMs.healthy.p99, `seed ${seed}`).toBeLessThanOrEqual(100);
    }
  });

  it('seq-exhaustion really rejects sends as seq-exhausted, on most seeds', () => {
    const exhausted = SEEDS.filter((seed) => {
      const { report, seqExhausted } = run('seq-exhaustion', seed);
      return report.messages.rejected > 0 && seqExhausted > 0;
    });
    expect(exhausted.length, `seeds with seq-exhausted rejections: ${exhausted.join(', ')}`).toBeGreaterThanOrEqual(15);
  });
});
