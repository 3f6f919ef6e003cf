// The run report for a person at a terminal: readable in ten seconds, colour only when wanted.
import type { ChalkInstance } from 'chalk';
import { COST_COLUMNS, costRows } from './costRows.js';
import type { RunReport } from './runReport.js';
import { compactTable, deadlineText, entity, fieldsText, formatCount, formatMs, formatSeconds, LATENCY_BOUNDS_NOTE, LATENCY_COLUMNS, latencyRows } from './format.js';

/** The cost table fits 120 columns: the last column wraps. */
const COST_COLUMN_WIDTHS = [22, 9, 86];
/** Slice events shown in the terminal (the files keep them all). */
const SLICE_LINES = 20;

export function terminalReport(report: RunReport, c: ChalkInstance, files: readonly string[]): string {
  const lines: string[] = [];
  const verdict = report.outcome === 'passed' ? c.green.bold('PASSED') : report.outcome === 'failed' ? c.red.bold('FAILED') : c.red.bold('ABORTED');
  lines.push(`${c.bold(`seqsim ${report.scenario}`)}  seed ${report.seed}  ${verdict}`);
  const speed = report.wallTimeMs > 0 ? `${formatCount(report.virtualTimeMs / report.wallTimeMs)}x real time` : 'instant';
  lines.push(
    c.dim(`  ${formatSeconds(report.virtualTimeMs)} virtual in ${formatCount(report.wallTimeMs)} ms wall (${speed}), ${formatCount(report.events)} events, trace ${report.traceHash}, v${report.version}`),
  );
  if (report.abort !== null) lines.push(c.red(`  aborted: ${report.abort}`));

  const m = report.messages;
  lines.push('');
  lines.push(
    `Messages  sent ${formatCount(m.sent)}, acked ${formatCount(m.acked)}, rejected ${formatCount(m.rejected)}, abandoned ${formatCount(m.abandoned)}; ` +
      `deliveries ${formatCount(m.deliveries)}/${formatCount(m.expectedDeliveries)}; ` +
      `lost ${m.lost === 0 ? c.green('0') : c.red(formatCount(m.lost))}; duplicates ${m.duplicates === 0 ? c.green('0') : c.red(formatCount(m.duplicates))}`,
  );

  const latency = compactTable(['latency (ms)', ...LATENCY_COLUMNS]);
  for (const [name, cells] of latencyRows(report)) latency.push([name, ...cells]);
  lines.push(latency.toString());
  lines.push(c.dim(`  ${LATENCY_BOUNDS_NOTE}`));

  const cost = compactTable([...COST_COLUMNS], COST_COLUMN_WIDTHS);
  for (const row of costRows(report.cost)) cost.push(row);
  lines.push(cost.toString());

  const faultKinds = Object.entries(report.faults).sort(([a], [b]) => a.localeCompare(b));
  if (faultKinds.length > 0) {
    const faults = compactTable(['fault', 'fired']);
    for (const [kind, count] of faultKinds) faults.push([kind, formatCount(count)]);
    lines.push(faults.toString());
  } else {
    lines.push(c.dim('No faults fired.'));
  }

  const invariants = compactTable(['invariant', 'verdict', 'violations', 'first']);
  for (const invariant of report.invariants) {
    invariants.push([
      invariant.name,
      invariant.ok ? c.green('ok') : c.red('FAIL'),
      formatCount(invariant.violations),
      invariant.first === null ? '' : truncate(invariant.first.detail, 70),
    ]);
  }
  lines.push(invariants.toString());

  const violationReport = report.violationReport;
  if (violationReport !== null) {
    const v = violationReport.violation;
    lines.push('');
    lines.push(c.red.bold(`Violation of ${v.invariant}`) + ` at ${formatMs(v.timeUs / 1000)} ms: ${v.detail}`);
    lines.push(`  ${entity(v)}`);
    if (v.event !== null) lines.push(c.dim(`  first bad event: #${v.event.index} ${v.event.kind} by ${v.event.actor}`));
    if (v.deadline !== null) lines.push(`  ${deadlineText(v.deadline)}`);
    lines.push(c.bold(`  Causal slice${violationReport.slice.length > SLICE_LINES ? ` (last ${SLICE_LINES} of ${violationReport.slice.length})` : ''}:`));
    for (const event of violationReport.slice.slice(-SLICE_LINES)) {
      lines.push(`    ${formatMs(event.timeMs).padStart(10)} ms  ${event.actor.padEnd(16)} ${event.kind.padEnd(16)} ${c.dim(fieldsText(event.fields))}`);
    }
    if (!violationReport.reproduced) lines.push(c.red('  warning: replaying with the full trace gave another trace hash (nondeterminism!)'));
  }
  lines.push('');
  lines.push(`Replay: ${c.cyan(report.replay)}`);
  for (const file of files) lines.push(c.dim(`Wrote ${file}`));
  return lines.join('\n');
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}
