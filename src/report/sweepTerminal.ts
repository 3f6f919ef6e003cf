// The sweep summary for a person: per-scenario verdicts, the failed runs with their replay
// commands, the determinism self-check, and the speed.
import type { ChalkInstance } from 'chalk';
import type { Mismatch } from '../run/recheck.js';
import type { SweepRun } from '../run/sweepJob.js';
import { DEVICE_CLASSES } from '../oracle/latency.js';
import { coverageTable } from './coverageTable.js';
import { compactTable, formatCount, formatMs } from './format.js';
import { sweepOk, type SweepSummary } from './sweepFile.js';

/** Failed runs listed one by one (the JSON and JUnit files hold them all). */
const LISTED_FAILURES = 25;

export function sweepReport(runs: readonly SweepRun[], summary: SweepSummary, mismatches: readonly Mismatch[], c: ChalkInstance, workers: number | null): string {
  const lines: string[] = [];
  const table = compactTable(['scenario', 'runs', 'passed', 'failed']);
  for (const [scenario, counts] of Object.entries(summary.scenarios)) {
    table.push([scenario, formatCount(counts.runs), formatCount(counts.runs - counts.failed), counts.failed === 0 ? c.green('0') : c.red(formatCount(counts.failed))]);
  }
  lines.push(table.toString());
  const invariants = Object.entries(summary.invariants);
  if (invariants.length > 0) lines.push(`Failed invariants: ${invariants.map(([name, count]) => `${name} ${count}`).join(', ')}`);

  const failures = runs.filter((run) => !run.ok);
  if (failures.length > 0) {
    lines.push(c.red.bold(`\n${failures.length} failed run${failures.length === 1 ? '' : 's'}:`));
    for (const run of failures.slice(0, LISTED_FAILURES)) {
      lines.push(`  ${run.scenario} seed ${run.seed}: ${run.failed.join(', ')}${run.first === null ? '' : c.dim(` (${run.first})`)}`);
      lines.push(`    ${c.cyan(run.replay)}`);
    }
    if (failures.length > LISTED_FAILURES) lines.push(c.dim(`  ... and ${failures.length - LISTED_FAILURES} more (see --json / --junit)`));
  }

  // Merged or finished files bring their mismatch count but not the mismatches themselves.
  if (summary.rechecked > 0 || summary.recheckMismatches > 0) {
    lines.push(
      `\nDeterminism self-check: ${formatCount(summary.rechecked)} runs re-run on fresh workers, ` +
        (summary.recheckMismatches === 0 ? c.green('all trace hashes matched') : c.red.bold(`${summary.recheckMismatches} MISMATCHED`)),
    );
    for (const m of mismatches) {
      const crashed = m.actualHash === '';
      lines.push(c.red(`  ${m.job.source} seed ${m.job.seed}: ${m.expectedHash} then ${crashed ? 'a crashed worker' : m.actualHash}`));
      const d = m.divergence;
      if (d !== null) lines.push(`    first diverging event #${d.index}: ${JSON.stringify(d.expected)} vs ${JSON.stringify(d.actual)}`);
      else if (!crashed) lines.push('    (a third and fourth run agreed: the divergence did not repeat)');
    }
  }
  lines.push(coverageTable(summary.coverage, c));
  lines.push(pooledLatencyTable(summary, c));
  for (const line of summary.latencyFailures) lines.push(c.red(`Pooled latency FAILED: ${line}`));
  const verdict = summary.interrupted ? c.yellow.bold('INTERRUPTED') : sweepOk(summary) ? c.green.bold('PASSED') : c.red.bold('FAILED');
  const notRun = summary.interrupted ? `, ${formatCount(summary.notRun)} not run` : '';
  const speed = workers === null ? '' : `, ${summary.seedsPerSec} runs/s on ${workers} worker${workers === 1 ? '' : 's'}`;
  lines.push(`\n${verdict}: ${formatCount(summary.passed)}/${formatCount(summary.runs)} runs passed${notRun}, ${formatCount(summary.events)} events in ${(summary.wallTimeMs / 1000).toFixed(1)} s${speed}`);
  return lines.join('\n');
}

/**
 * Each scenario's deliveries pooled over the sweep, per class, beside its bound: the healthy p99 is
 * judged here (the scenario's SLO); the other classes are judged per delivery by timeliness.
 */
function pooledLatencyTable(summary: SweepSummary, c: ChalkInstance): string {
  const table = compactTable(['pooled latency', 'class', 'deliveries', 'p50 ms', 'p99 ms', 'max ms', 'bound ms', 'verdict']);
  for (const [scenario, classes] of Object.entries(summary.latency)) {
    for (const deviceClass of DEVICE_CLASSES) {
      const p = classes[deviceClass];
      const figure = (valueMs: number) => (p.count === 0 ? '-' : formatMs(valueMs));
      const verdict = p.ok === null ? c.dim('per delivery') : p.ok ? c.green('ok') : c.red('FAIL');
      table.push([deviceClass === 'healthy' ? scenario : '', deviceClass, formatCount(p.count), figure(p.p50Ms), figure(p.p99Ms), figure(p.maxMs), formatMs(p.boundMs), verdict]);
    }
  }
  return table.toString();
}
