// What `seqsim mutants --compare-swarm` prints: per planted bug, the seeds each draw took to catch
// it and how many seeds caught it, side by side; then each draw's control; or, with --json, one object.
import type { ChalkInstance } from 'chalk';
import { COMPARED_DRAWS, SLOWER_P, type DrawDetection, type MutantComparison, type SwarmComparison } from '../run/compareSwarm.js';
import { lowerTailP } from '../run/rateTest.js';
import { compactTable } from './format.js';

/** The comparison's verdict: both controls clean, and the targeted draw catches every bug no slower. */
export function comparisonOk(comparison: SwarmComparison): boolean {
  const controlsClean = COMPARED_DRAWS.every((draw) => comparison.control[draw].failures.length === 0 && comparison.control[draw].latencyFailures.length === 0);
  return controlsClean && comparison.mutants.every((m) => m.byDraw.targeted.seedsToDetect !== null && !m.slower);
}

/**
 * How the targeted draw compares with the classic one (slower is flagged apart): by the catch rate,
 * 'more often' when the classic rate is lower beyond chance (for a pooled bug, the rate of slow runs).
 */
function speed(m: MutantComparison): string {
  const { classic, targeted } = m.byDraw;
  if (targeted.seedsToDetect === null) return classic.seedsToDetect === null ? 'neither' : '';
  if (classic.seedsToDetect === null) return 'only targeted';
  return lowerTailP(targeted.caught, targeted.seeds, classic.caught, classic.seeds) < SLOWER_P ? 'more often' : 'same';
}

function caughtCell(d: DrawDetection): string {
  return `${d.caught}/${d.seeds} (${Math.round((100 * d.caught) / Math.max(1, d.seeds))}%)`;
}

export function comparisonReport(comparison: SwarmComparison, c: ChalkInstance): string {
  const notCaught = comparison.interrupted ? c.yellow('not yet') : c.red('-');
  const table = compactTable(['mutant', ...COMPARED_DRAWS.flatMap((draw) => [`${draw}: seeds to detect`, `${draw}: caught`]), 'targeted']);
  for (const m of comparison.mutants) {
    const cells = COMPARED_DRAWS.flatMap((draw) => {
      const d = m.byDraw[draw];
      return [d.seedsToDetect === null ? notCaught : String(d.seedsToDetect), caughtCell(d)];
    });
    table.push([m.name, ...cells, m.slower ? c.red.bold('SLOWER') : speed(m)]);
  }
  const lines = [table.toString()];
  for (const draw of COMPARED_DRAWS) {
    const control = comparison.control[draw];
    const failures = [...control.failures.map((run) => run.replay), ...control.latencyFailures];
    lines.push(
      failures.length === 0
        ? `Control, ${draw} draw: the correct system passed all ${control.runs} seeds, and their pooled latency.`
        : c.red(`Control, ${draw} draw: the correct system FAILED: ${failures.slice(0, 5).join('; ')}`),
    );
  }
  const caught = comparison.mutants.filter((m) => m.byDraw.targeted.seedsToDetect !== null).length;
  const slower = comparison.mutants.filter((m) => m.slower).length;
  const verdict = comparison.interrupted ? c.yellow.bold('INTERRUPTED') : comparisonOk(comparison) ? c.green.bold('PASSED') : c.red.bold('FAILED');
  lines.push(`${verdict}: the targeted draw caught ${caught}/${comparison.mutants.length} mutants, ${slower === 0 ? 'none' : slower} slower than the classic draw (by catch rate, one-sided Fisher p < ${SLOWER_P}), in ${(comparison.wallTimeMs / 1000).toFixed(1)} s`);
  return lines.join('\n');
}

export function comparisonJson(comparison: SwarmComparison): string {
  const control = Object.fromEntries(
    COMPARED_DRAWS.map((draw) => {
      const { runs, failures, latencyFailures } = comparison.control[draw];
      return [draw, { ok: failures.length === 0 && latencyFailures.length === 0, runs, failures: failures.map((f) => ({ seed: f.seed, failed: f.failed, replay: f.replay })), latencyFailures }];
    }),
  );
  const mutants = comparison.mutants.map((m) => ({ name: m.name, ...m.byDraw, slower: m.slower }));
  return JSON.stringify({ control, mutants, interrupted: comparison.interrupted, wallTimeMs: Math.round(comparison.wallTimeMs) });
}
