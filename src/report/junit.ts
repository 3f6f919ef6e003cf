// JUnit XML, as CI systems read it: one test suite per scenario, one test case per seed, the
// failed invariants and the replay command as the failure, and one test case for the scenario's
// pooled latency verdict.
import type { SweepRun } from '../run/sweepJob.js';
import type { SweepSummary } from './sweepFile.js';

export function junitXml(runs: readonly SweepRun[], summary: SweepSummary): string {
  const byScenario = new Map<string, SweepRun[]>();
  for (const run of runs) byScenario.set(run.scenario, [...(byScenario.get(run.scenario) ?? []), run]);
  /** The scenario's pooled latency verdict failed (one line), else undefined. */
  const pooledFailure = (scenario: string) => summary.latencyFailures.find((line) => line.startsWith(`${scenario} `));
  const failures = runs.filter((run) => !run.ok).length + summary.latencyFailures.length;
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="seqsim" tests="${runs.length + byScenario.size}" failures="${failures}">`];
  for (const [scenario, scenarioRuns] of byScenario) {
    const pooled = pooledFailure(scenario);
    const failed = scenarioRuns.filter((run) => !run.ok).length + (pooled === undefined ? 0 : 1);
    const timeSec = scenarioRuns.reduce((sum, run) => sum + run.wallTimeMs, 0) / 1000;
    lines.push(`  <testsuite name="${escapeXml(scenario)}" tests="${scenarioRuns.length + 1}" failures="${failed}" time="${timeSec.toFixed(3)}">`);
    const pooledCase = `    <testcase classname="seqsim.${escapeXml(scenario)}" name="pooled healthy latency" time="0.000"`;
    if (pooled === undefined) lines.push(`${pooledCase}/>`);
    else lines.push(`${pooledCase}>`, `      <failure message="${escapeXml(pooled)}" type="latency"/>`, '    </testcase>');
    for (const run of scenarioRuns) {
      const open = `    <testcase classname="seqsim.${escapeXml(scenario)}" name="seed ${escapeXml(run.seed)}" time="${(run.wallTimeMs / 1000).toFixed(3)}"`;
      if (run.ok) {
        lines.push(`${open}/>`);
        continue;
      }
      const message = `${run.outcome}: ${run.failed.join(', ')}`;
      lines.push(`${open}>`);
      lines.push(`      <failure message="${escapeXml(message)}" type="${escapeXml(run.failed[0] ?? run.outcome)}">${escapeXml(`${run.first ?? message}\nreplay: ${run.replay}\ntrace: ${run.traceHash}`)}</failure>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}
