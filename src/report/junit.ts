// JUnit XML, as CI systems read it: one test suite per scenario, one test case per seed, the
// failed invariants and the replay command as the failure.
import type { SweepRun } from '../run/sweepJob.js';

export function junitXml(runs: readonly SweepRun[]): string {
  const byScenario = new Map<string, SweepRun[]>();
  for (const run of runs) byScenario.set(run.scenario, [...(byScenario.get(run.scenario) ?? []), run]);
  const failures = runs.filter((run) => !run.ok).length;
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="seqsim" tests="${runs.length}" failures="${failures}">`];
  for (const [scenario, scenarioRuns] of byScenario) {
    const failed = scenarioRuns.filter((run) => !run.ok).length;
    const timeSec = scenarioRuns.reduce((sum, run) => sum + run.wallTimeMs, 0) / 1000;
    lines.push(`  <testsuite name="${escapeXml(scenario)}" tests="${scenarioRuns.length}" failures="${failed}" time="${timeSec.toFixed(3)}">`);
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
