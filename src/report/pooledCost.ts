// Each scenario's cost figures pooled over a sweep's runs: counts as a total and a mean per run,
// ratios as the ratio of their totals (a run with many deliveries weighs more than one with few),
// peaks as their mean and the highest. Runs without figures (crashed, or from older files) are left out.
import { COST_FIGURES, type CostFigure } from '../oracle/costFigures.js';
import { largest } from '../oracle/largest.js';
import type { SweepRun } from '../run/sweepJob.js';

export interface PooledFigure {
  /** The mean over the runs that have the figure; null when none has. */
  readonly mean: number | null;
  /** count and base figures: the sum over the runs. */
  readonly total?: number;
  /** ratio figures: the total of its numerator over the total of its denominator. */
  readonly pooled?: number | null;
  /** peak figures: the highest of any run. */
  readonly max?: number | null;
}

export interface PooledCost {
  /** Runs with cost figures. */
  readonly runs: number;
  readonly figures: Record<string, PooledFigure>;
}

export function pooledCostByScenario(runs: readonly SweepRun[]): Record<string, PooledCost> {
  const byScenario = new Map<string, Record<string, number | null>[]>();
  for (const run of runs) if (run.cost != null) byScenario.set(run.scenario, [...(byScenario.get(run.scenario) ?? []), run.cost]);
  const result: Record<string, PooledCost> = {};
  for (const [scenario, costs] of byScenario) {
    result[scenario] = { runs: costs.length, figures: Object.fromEntries(COST_FIGURES.map((figure) => [figure.name, pool(figure, costs)])) };
  }
  return result;
}

function pool(figure: CostFigure, costs: readonly Record<string, number | null>[]): PooledFigure {
  const values = valuesOf(figure.name, costs);
  const mean = values.length === 0 ? null : round(sum(values) / values.length);
  switch (figure.kind) {
    case 'ratio': {
      const [numerator, denominator] = figure.ratioOf!;
      const below = sum(valuesOf(denominator, costs));
      return { mean, pooled: below === 0 ? null : round(sum(valuesOf(numerator, costs)) / below) };
    }
    case 'peak':
      return { mean, max: values.length === 0 ? null : largest(values) };
    default:
      return { mean, total: sum(values) };
  }
}

function valuesOf(name: string, costs: readonly Record<string, number | null>[]): number[] {
  return costs.map((cost) => cost[name]).filter((value): value is number => typeof value === 'number');
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}
