// A sweep's coverage: for each point of the catalogue, how many runs reached it out of the runs it
// could apply to. Computed from the runs alone, so `merge` gets the same figures from shards.
import { COVERAGE_POINT_NAMES } from '../oracle/coveragePoints.js';
import type { SweepRun } from '../run/sweepJob.js';

export interface PointCoverage {
  /** Runs that reached the point. */
  readonly runs: number;
  /** Runs it could apply to. */
  readonly applicable: number;
}

export interface CoverageSummary {
  /** Points that could apply to at least one run. */
  readonly total: number;
  /** Points at least one run reached. */
  readonly hit: number;
  /** Every point of the catalogue in its order (then any a run from another version named). */
  readonly points: Record<string, PointCoverage>;
}

export function summarizeCoverage(runs: readonly Pick<SweepRun, 'coverage'>[]): CoverageSummary {
  const points: Record<string, { runs: number; applicable: number }> = {};
  for (const name of COVERAGE_POINT_NAMES) points[name] = { runs: 0, applicable: 0 };
  // A crashed run (or one from a file older than coverage) has no coverage to count.
  for (const run of runs) {
    for (const [name, hits] of Object.entries(run.coverage ?? {})) {
      const point = (points[name] ??= { runs: 0, applicable: 0 });
      point.applicable++;
      if (hits > 0) point.runs++;
    }
  }
  const all = Object.values(points);
  return { total: all.filter((p) => p.applicable > 0).length, hit: all.filter((p) => p.runs > 0).length, points };
}

/** Points that applied to some run and were reached by none. */
export function neverHit(coverage: CoverageSummary): string[] {
  return Object.entries(coverage.points).flatMap(([name, p]) => (p.applicable > 0 && p.runs === 0 ? [name] : []));
}

/** A point's share of its runs, as a person reads it ("12.5%", "-" when it applied to none). */
export function coverageShare(point: PointCoverage): string {
  if (point.applicable === 0) return '-';
  const percent = (100 * point.runs) / point.applicable;
  return `${percent >= 10 || percent === 0 ? Math.round(percent) : percent.toFixed(1)}%`;
}
