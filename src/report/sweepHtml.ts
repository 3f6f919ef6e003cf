// A sweep's index.html (`seqsim check --html DIR`): the verdict, runs per scenario, failed
// invariants, and every failed run with the command that replays it and, for the first ones, a
// link to its own report.html.
import { coverageSection } from './coverageHtml.js';
import { escapeHtml } from './escapeHtml.js';
import { DEVICE_CLASSES } from '../oracle/latency.js';
import { formatCount, formatMs } from './format.js';
import { htmlPage } from './htmlPage.js';
import { sweepOk, type SweepFile } from './sweepFile.js';

/** Failed runs listed one by one (the JSON and JUnit files hold them all). */
const LISTED_FAILURES = 500;

function pooledRows(summary: SweepFile['summary']): string[] {
  return Object.entries(summary.latency).flatMap(([scenario, classes]) =>
    DEVICE_CLASSES.map((deviceClass) => {
      const p = classes[deviceClass];
      const verdict = p.ok === null ? '<span class="muted">per delivery</span>' : p.ok ? '<span class="ok">ok</span>' : '<span class="fail">FAIL</span>';
      const cells = [p.count, p.p50Ms, p.p99Ms, p.maxMs, p.boundMs].map((value) => `<td class="num">${p.count === 0 ? '-' : formatMs(value)}</td>`);
      return `<tr><td>${escapeHtml(scenario)}</td><td>${deviceClass}</td>${cells.join('')}<td>${verdict}</td></tr>`;
    }),
  );
}

/** `pageOf(i)`: the relative link to the report.html of `file.runs[i]`, if one was written. */
export function sweepHtml(file: SweepFile, pageOf: (runIndex: number) => string | undefined): string {
  const { summary } = file;
  const ok = sweepOk(summary);
  const failures = file.runs.map((run, i) => ({ run, page: pageOf(i) })).filter(({ run }) => !run.ok);
  const scenarioRows = Object.entries(summary.scenarios).map(
    ([scenario, counts]) =>
      `<tr><td>${escapeHtml(scenario)}</td><td class="num">${formatCount(counts.runs)}</td><td class="num">${formatCount(counts.runs - counts.failed)}</td><td class="num ${counts.failed === 0 ? 'ok' : 'fail'}">${formatCount(counts.failed)}</td></tr>`,
  );
  const invariants = Object.entries(summary.invariants);
  const failureRows = failures.slice(0, LISTED_FAILURES).map(
    ({ run, page }) =>
      `<tr class="failed-run"><td>${escapeHtml(run.scenario)}</td><td class="num">${escapeHtml(run.seed)}</td><td class="fail">${escapeHtml(run.failed.join(', '))}</td>` +
      `<td>${run.first === null ? '' : escapeHtml(run.first)}</td><td><code class="replay">${escapeHtml(run.replay)}</code></td>` +
      `<td>${page === undefined ? '<span class="muted">replay it for a report</span>' : `<a href="${escapeHtml(page)}">report.html</a>`}</td></tr>`,
  );
  const body = [
    `<header class="verdict ${ok ? 'passed' : 'failed'}">`,
    `<h1>seqsim check <span class="badge" id="verdict">${ok ? 'PASSED' : 'FAILED'}</span></h1>`,
    `<p class="meta">${formatCount(summary.passed)}/${formatCount(summary.runs)} runs passed (${formatCount(summary.aborted)} aborted), ${formatCount(summary.events)} events in ${(summary.wallTimeMs / 1000).toFixed(1)} s, ${summary.seedsPerSec} runs/s.</p>`,
    `<p class="meta">Determinism self-check: ${formatCount(summary.rechecked)} runs re-run on fresh workers, ${summary.recheckMismatches === 0 ? 'every trace hash matched' : `<span class="fail">${summary.recheckMismatches} mismatched</span>`}.</p>`,
    '</header>',
    '<h2>Scenarios</h2>',
    `<table><thead><tr><th>scenario</th><th class="num">runs</th><th class="num">passed</th><th class="num">failed</th></tr></thead><tbody>${scenarioRows.join('')}</tbody></table>`,
    invariants.length === 0 ? '' : `<p>Failed invariants: ${invariants.map(([name, count]) => `<span class="mono">${escapeHtml(name)}</span> ${formatCount(count)}`).join(', ')}.</p>`,
    '<h2>Latency, pooled over the sweep</h2>',
    `<table id="pooled-latency"><thead><tr><th>scenario</th><th>class</th><th class="num">deliveries</th><th class="num">p50 ms</th><th class="num">p99 ms</th><th class="num">max ms</th><th class="num">bound ms</th><th>verdict</th></tr></thead><tbody>${pooledRows(summary).join('')}</tbody></table>`,
    ...summary.latencyFailures.map((line) => `<p class="fail">${escapeHtml(line)}</p>`),
    coverageSection(summary.coverage),
    '<h2>Failed runs</h2>',
    failures.length === 0
      ? '<p class="ok">None.</p>'
      : `<table id="failed-runs"><thead><tr><th>scenario</th><th class="num">seed</th><th>failed</th><th>first violation</th><th>replay</th><th>report</th></tr></thead><tbody>${failureRows.join('')}</tbody></table>`,
    failures.length > LISTED_FAILURES ? `<p class="muted">... and ${formatCount(failures.length - LISTED_FAILURES)} more (see --json / --junit).</p>` : '',
  ];
  return htmlPage(`seqsim check: ${ok ? 'PASSED' : 'FAILED'}`, body.filter((part) => part !== '').join('\n'));
}
