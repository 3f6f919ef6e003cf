// The sweep page's coverage table: the same figures as the terminal's, and the points never hit.
import { escapeHtml } from './escapeHtml.js';
import { coverageShare, neverHit, type CoverageSummary } from './coverageSummary.js';
import { formatCount } from './format.js';

export function coverageSection(coverage: CoverageSummary): string {
  const rows = Object.entries(coverage.points)
    .filter(([, p]) => p.applicable > 0)
    .map(
      ([name, p]) =>
        `<tr><td class="mono">${escapeHtml(name)}</td><td class="num">${formatCount(p.runs)}</td><td class="num">${formatCount(p.applicable)}</td>` +
        `<td class="num${p.runs === 0 ? ' fail' : ''}">${coverageShare(p)}</td></tr>`,
    );
  const missed = neverHit(coverage);
  return [
    '<h2>Coverage</h2>',
    `<p class="meta">${coverage.hit} of ${coverage.total} points reached by some run; each counts only the runs it could apply to.</p>`,
    rows.length === 0 ? '' : `<table id="coverage"><thead><tr><th>point</th><th class="num">runs hit</th><th class="num">applicable</th><th class="num">share</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    missed.length === 0 ? '' : `<p class="fail" id="never-hit">Never hit: ${missed.map((name) => `<span class="mono">${escapeHtml(name)}</span>`).join(', ')}.</p>`,
  ]
    .filter((part) => part !== '')
    .join('\n');
}
