// seqsim compare for a person: the verdict changes first, then per scenario each figure of both
// files side by side with the ratio, its interval, and whether it changed.
import type { ChalkInstance } from 'chalk';
import { FALSE_FLAG_RATE, type Comparison } from './compare.js';
import { compactTable, formatCount, formatNumber } from './format.js';
import { minPairedSeeds } from './pairedBootstrap.js';

/** Verdict changes listed one by one (the --json output holds them all). */
const LISTED_CHANGES = 25;

export function compareReport(comparison: Comparison, c: ChalkInstance): string {
  const names = comparison.files;
  const lines: string[] = [];
  const scenarios = Object.entries(comparison.scenarios);
  const seeds = scenarios.reduce((sum, [, s]) => sum + s.seeds, 0);
  lines.push(c.bold(`seqsim compare: a = ${names.a}, b = ${names.b}; ${formatCount(seeds)} paired runs in ${scenarios.length} scenario${scenarios.length === 1 ? '' : 's'}`));
  const changes = comparison.verdictChanges;
  if (changes.length === 0) lines.push(c.green('Verdicts: every run has the same verdict in both.'));
  else {
    lines.push(c.red.bold(`Verdicts: ${changes.length} run${changes.length === 1 ? '' : 's'} passed in one file and failed in the other:`));
    for (const change of changes.slice(0, LISTED_CHANGES)) {
      const [failed, verdict] = change.a.failed.length > 0 ? ['a', change.a] : ['b', change.b];
      lines.push(`  ${change.scenario} seed ${change.seed}: fails in ${failed} only (${verdict.failed.join(', ')})`);
      lines.push(`    ${c.cyan(verdict.replay)}`);
    }
    if (changes.length > LISTED_CHANGES) lines.push(c.dim(`  ... and ${changes.length - LISTED_CHANGES} more (see --json)`));
  }
  for (const [scenario, result] of scenarios) {
    const table = compactTable(['figure', 'a', 'b', 'b/a', 'interval of b/a', 'change']);
    let hidden = 0;
    for (const [name, f] of Object.entries(result.figures)) {
      if (f.a === 0 && f.b === 0) {
        hidden++;
        continue;
      }
      const change = !f.significant ? '' : f.b > f.a ? c.red('worse') : c.green('better');
      const interval = f.ciLow === null || f.ciHigh === null ? '-' : `${formatRatio(f.ciLow)} to ${formatRatio(f.ciHigh)}`;
      table.push([name, formatNumber(f.a), formatNumber(f.b), f.ratio === null ? '-' : formatRatio(f.ratio), interval, change]);
    }
    lines.push('');
    const few = result.seeds < minPairedSeeds(FALSE_FLAG_RATE) ? `; too few to call any change (it takes ${minPairedSeeds(FALSE_FLAG_RATE)} seeds)` : '';
    lines.push(`${c.bold(scenario)}: ${formatCount(result.seeds)} paired seeds; means per run; intervals at ${(result.confidence * 100).toFixed(2)}% (paired bootstrap, ${formatCount(comparison.resamples)} resamples)${few}`);
    lines.push(table.toString());
    if (hidden > 0) lines.push(c.dim(`  ${hidden} figures are 0 in both files and not shown`));
  }
  return lines.join('\n');
}

/** A ratio to three decimals: the changes worth a look are often a few percent. */
function formatRatio(ratio: number): string {
  return ratio < 10 ? ratio.toFixed(3) : formatNumber(ratio);
}
