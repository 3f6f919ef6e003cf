// seqsim compare: two `check --json` files of the same scenarios and seeds, figure by figure; exit
// 1 with --fail-on-regression when a figure got significantly worse by more than the given share,
// or a run that passed in a fails in b.
import { compareSweeps, regressions } from '../../report/compare.js';
import { compareReport } from '../../report/compareTerminal.js';
import { formatNumber } from '../../report/format.js';
import { readSweepFile } from '../../report/sweepFile.js';
import { InputError } from '../../scenario/errors.js';
import type { Io } from '../io.js';

export interface CompareOptions {
  readonly json: boolean;
  /** A percentage, as typed. */
  readonly failOnRegression?: string;
}

export function compareCommand(fileA: string, fileB: string, options: CompareOptions, io: Io): number {
  const percent = options.failOnRegression === undefined ? undefined : parsePercent(options.failOnRegression);
  const names = { a: fileA, b: fileB };
  const comparison = compareSweeps(readSweepFile(fileA), readSweepFile(fileB), names);
  io.out(options.json ? JSON.stringify(comparison) : compareReport(comparison, io.color));
  if (percent === undefined) return 0;
  const worse = regressions(comparison, percent);
  const broken = comparison.verdictChanges.filter((change) => change.b.failed.length > 0);
  for (const { scenario, figure, change } of worse) {
    const by = change.ratio === null ? 'up from 0' : `+${formatNumber((change.ratio - 1) * 100)}%`;
    io.err(`seqsim compare: regression: ${scenario} ${figure} ${formatNumber(change.a)} -> ${formatNumber(change.b)} (${by}), worse by more than ${percent}%`);
  }
  for (const change of broken) io.err(`seqsim compare: regression: ${change.scenario} seed ${change.seed} passed in a and fails in b (${change.b.failed.join(', ')})`);
  return worse.length > 0 || broken.length > 0 ? 1 : 0;
}

function parsePercent(text: string): number {
  const digits = text.trim().replace(/%$/, '');
  const percent = Number(digits);
  // Decimal digits only: Number alone took 0x10 for 16.
  if (!/^\d*\.?\d+$/.test(digits) || !Number.isFinite(percent)) throw new InputError('BAD_ARGUMENT', `--fail-on-regression ${text}: expected a percentage, 0 or more (e.g. 10)`);
  return percent;
}
