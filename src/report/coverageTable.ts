// The sweep's coverage for a person: each point that could apply to some run, how many runs reached
// it of those, and then the points no run reached.
import type { ChalkInstance } from 'chalk';
import { coverageShare, neverHit, type CoverageSummary } from './coverageSummary.js';
import { compactTable, formatCount } from './format.js';

export function coverageTable(coverage: CoverageSummary, c: ChalkInstance): string {
  const table = compactTable(['coverage point', 'runs hit', 'applicable', 'share']);
  const points = Object.entries(coverage.points).filter(([, p]) => p.applicable > 0);
  for (const [name, p] of points) {
    const share = coverageShare(p);
    table.push([name, formatCount(p.runs), formatCount(p.applicable), p.runs === 0 ? c.red(share) : share]);
  }
  const missed = neverHit(coverage);
  const inapplicable = Object.entries(coverage.points).flatMap(([name, p]) => (p.applicable === 0 ? [name] : []));
  const lines = [
    points.length === 0 ? '' : table.toString(),
    `Coverage: ${coverage.hit} of ${coverage.total} points reached by some run` +
      (missed.length === 0 ? '' : c.red(`; never hit: ${missed.join(', ')}`)) +
      (inapplicable.length === 0 ? '' : c.dim(`; could apply to no run: ${inapplicable.join(', ')}`)),
  ];
  return lines.filter((line) => line !== '').join('\n');
}
