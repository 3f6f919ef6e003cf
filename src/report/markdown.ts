// report.md: the same facts as the terminal report, for a pull request or an issue.
import { deadlineText, entity, fieldsText, formatCount, formatMs, formatSeconds, LATENCY_BOUNDS_NOTE, LATENCY_COLUMNS, latencyRows } from './format.js';
import { COST_COLUMNS, COST_NOTE, costRows } from './costRows.js';
import type { RunReport } from './runReport.js';

export function markdownReport(report: RunReport): string {
  const m = report.messages;
  const out: string[] = [
    `# seqsim ${report.scenario}, seed ${report.seed}: ${report.outcome.toUpperCase()}`,
    '',
    `${formatSeconds(report.virtualTimeMs)} virtual, ${formatCount(report.events)} events, trace hash \`${report.traceHash}\`, seqsim ${report.version}.`,
    ...(report.abort === null ? [] : ['', `**Aborted:** ${report.abort}`]),
    '',
    `Messages: sent ${m.sent}, acked ${m.acked}, rejected ${m.rejected}, abandoned ${m.abandoned}; deliveries ${m.deliveries}/${m.expectedDeliveries}; lost ${m.lost}; duplicates ${m.duplicates}.`,
    '',
    `| latency (ms) | ${LATENCY_COLUMNS.join(' | ')} |`,
    `|---|${LATENCY_COLUMNS.map(() => '---:').join('|')}|`,
  ];
  for (const [name, cells] of latencyRows(report)) out.push(`| ${name} | ${cells.join(' | ')} |`);
  out.push('', `${LATENCY_BOUNDS_NOTE[0]!.toUpperCase()}${LATENCY_BOUNDS_NOTE.slice(1)}.`, '');
  out.push('## Cost', '', `| ${COST_COLUMNS.join(' | ')} |`, '|---|---:|---|');
  for (const [figure, value, madeOf] of costRows(report.cost)) out.push(`| ${figure} | ${value} | ${escapeCell(madeOf)} |`);
  out.push('', COST_NOTE, '');

  const faults = Object.entries(report.faults).sort(([a], [b]) => a.localeCompare(b));
  out.push(faults.length === 0 ? 'No faults fired.' : `Faults fired: ${faults.map(([kind, count]) => `${kind} ${count}`).join(', ')}.`, '');

  out.push('| invariant | verdict | violations | first |', '|---|---|---:|---|');
  for (const invariant of report.invariants) {
    out.push(`| ${invariant.name} | ${invariant.ok ? 'ok' : '**FAIL**'} | ${invariant.violations} | ${escapeCell(invariant.first?.detail ?? '')} |`);
  }
  const violationReport = report.violationReport;
  if (violationReport !== null) {
    const v = violationReport.violation;
    out.push('', `## Violation of ${v.invariant}`, '', `At ${formatMs(v.timeUs / 1000)} ms: ${v.detail} (${entity(v)}).`, '');
    if (v.event !== null) out.push(`First bad event: #${v.event.index} \`${v.event.kind}\` by ${v.event.actor}.`, '');
    if (v.deadline !== null) out.push(`Missed: ${deadlineText(v.deadline)}.`, '');
    out.push('| time (ms) | component | event | fields |', '|---:|---|---|---|');
    for (const event of violationReport.slice) out.push(`| ${formatMs(event.timeMs)} | ${event.actor} | ${event.kind} | ${fieldsText(event.fields)} |`);
  }
  out.push('', 'Replay:', '', '```', report.replay, '```', '');
  return out.join('\n');
}

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|');
}
