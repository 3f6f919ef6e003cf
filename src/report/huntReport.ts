// What `seqsim hunt` prints: a line per batch as coverage grows, then every failure with the
// command that replays it; or, with --json, one object.
import type { ChalkInstance } from 'chalk';
import type { HuntOutcome, HuntProgress } from '../run/hunt.js';
import { formatCount } from './format.js';

/** Failures listed one by one (all are in --json and in their files). */
const LISTED_FAILURES = 25;

/** New points named on a progress line; the rest are counted. */
const NAMED_NEW_POINTS = 6;

export function huntProgressLine(progress: HuntProgress, budget: number): string {
  const named = progress.newPoints.slice(0, NAMED_NEW_POINTS).join(', ');
  const more = progress.newPoints.length - NAMED_NEW_POINTS;
  const fresh = progress.newPoints.length === 0 ? '' : ` (new: ${named}${more > 0 ? ` and ${more} more` : ''})`;
  return `hunt: ${formatCount(progress.runs)}/${formatCount(budget)} runs, ${progress.coverage.hit}/${progress.coverage.total} points reached, ${progress.corpus} runs kept, ${progress.failures} failed${fresh}`;
}

export function huntReport(outcome: HuntOutcome, c: ChalkInstance): string {
  const lines: string[] = [];
  const { failures } = outcome;
  if (failures.length > 0) {
    lines.push(c.red.bold(`${failures.length} failed run${failures.length === 1 ? '' : 's'}:`));
    for (const { run, origin } of failures.slice(0, LISTED_FAILURES)) {
      lines.push(`  seed ${run.seed}: ${run.failed.join(', ')}${run.first === null ? '' : c.dim(` (${run.first})`)} ${c.dim(`[${origin}]`)}`);
      lines.push(`    ${c.cyan(run.replay)}`);
    }
    if (failures.length > LISTED_FAILURES) lines.push(c.dim(`  ... and ${failures.length - LISTED_FAILURES} more (see --json)`));
  }
  const verdict = outcome.interrupted ? c.yellow.bold('INTERRUPTED') : failures.length === 0 ? c.green.bold('NO FAILURE FOUND') : c.red.bold('FAILURES FOUND');
  lines.push(`${verdict}: ${formatCount(outcome.runs)} runs, ${outcome.coverage.hit}/${outcome.coverage.total} coverage points reached, ${failures.length} failed, in ${(outcome.wallTimeMs / 1000).toFixed(1)} s`);
  return lines.join('\n');
}

export function huntJson(outcome: HuntOutcome): string {
  return JSON.stringify({
    runs: outcome.runs,
    coverage: outcome.coverage,
    failures: outcome.failures.map(({ run }) => ({ replay: run.replay, invariant: run.failed[0] ?? run.outcome, seed: run.seed, detail: run.first })),
    interrupted: outcome.interrupted,
  });
}
