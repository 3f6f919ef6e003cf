// seqsim compare: two sweeps of the same scenarios and seeds, figure by figure. The same seed in
// both files ran the same workload under the same faults, so the runs pair up, and each figure's
// change is judged on the paired differences (pairedBootstrap.ts). Verdicts that differ between
// the files come first. Every figure is a cost: higher is worse.
import { COST_FIGURES } from '../oracle/costFigures.js';
import { quantileMs } from '../oracle/histogram.js';
import type { DeviceClass } from '../oracle/latency.js';
import type { SweepRun } from '../run/sweepJob.js';
import { InputError } from '../scenario/errors.js';
import { minPairedSeeds, pairedBootstrap, type PairedInterval } from './pairedBootstrap.js';
import type { SweepInput } from './sweepFile.js';

/** Resamples per scenario: enough for the far tails a corrected interval reads. */
export const RESAMPLES = 10_000;
/** The chance, per scenario, that a change which is pure noise flags any figure at all. */
export const FALSE_FLAG_RATE = 0.05;

/** A figure's means in both files, their ratio and its interval (rounded), over this many seeds. */
export interface FigureComparison extends PairedInterval {
  /** Seeds with the figure in both files. */
  readonly seeds: number;
}

export interface ScenarioComparison {
  readonly seeds: number;
  /** Each interval's confidence: FALSE_FLAG_RATE shared among the figures compared (Bonferroni). */
  readonly confidence: number;
  readonly figures: Record<string, FigureComparison>;
}

export interface RunVerdict {
  readonly outcome: string;
  readonly failed: readonly string[];
  readonly replay: string;
}

export interface VerdictChange {
  readonly scenario: string;
  readonly seed: string;
  readonly a: RunVerdict;
  readonly b: RunVerdict;
}

export interface Comparison {
  /** The files compared, as named on the command line. */
  readonly files: { readonly a: string; readonly b: string };
  readonly resamples: number;
  readonly scenarios: Record<string, ScenarioComparison>;
  /** Runs that passed in one file and failed in the other. */
  readonly verdictChanges: readonly VerdictChange[];
}

/** Latency figures per run, from its histograms: the class and the quantile. */
const LATENCY_FIGURES: readonly [name: string, deviceClass: DeviceClass, q: number][] = [
  ['latency.healthy.p50Ms', 'healthy', 0.5],
  ['latency.healthy.p99Ms', 'healthy', 0.99],
  ['latency.reconnected.p99Ms', 'reconnected', 0.99],
  ['latency.woken.p99Ms', 'woken', 0.99],
];

/** The cost figures compare judges: all but the workload the ratios divide by. */
const COMPARED_COSTS: readonly string[] = COST_FIGURES.filter((figure) => figure.kind !== 'base').map((figure) => figure.name);

/** Every figure compare judges, in the order it prints them. */
export const COMPARED_FIGURES: readonly string[] = [...COMPARED_COSTS, ...LATENCY_FIGURES.map(([name]) => name)];

/** A run's figures by name; null where it has none (a crashed run, a class with no deliveries). */
function runFigures(run: SweepRun): Record<string, number | null> {
  const figures: Record<string, number | null> = {};
  for (const name of COMPARED_COSTS) figures[name] = run.cost?.[name] ?? null;
  for (const [name, deviceClass, q] of LATENCY_FIGURES) {
    const latency = run.latency?.[deviceClass];
    figures[name] = latency === undefined || latency.count === 0 ? null : Math.min(quantileMs(latency.histogram, q), latency.maxMs);
  }
  return figures;
}

export function compareSweeps(a: SweepInput, b: SweepInput, names: { readonly a: string; readonly b: string }): Comparison {
  const pairs = pairRuns(a.runs, b.runs, names);
  const verdictChanges: VerdictChange[] = [];
  const byScenario = new Map<string, [SweepRun, SweepRun][]>();
  for (const [runA, runB] of pairs) {
    if (runA.ok !== runB.ok) verdictChanges.push({ scenario: runA.scenario, seed: runA.seed, a: verdictOf(runA), b: verdictOf(runB) });
    byScenario.set(runA.scenario, [...(byScenario.get(runA.scenario) ?? []), [runA, runB]]);
  }
  const scenarios: Record<string, ScenarioComparison> = {};
  for (const [scenario, scenarioPairs] of byScenario) scenarios[scenario] = compareScenario(scenario, scenarioPairs);
  return { files: { ...names }, resamples: RESAMPLES, scenarios, verdictChanges };
}

function compareScenario(scenario: string, pairs: readonly [SweepRun, SweepRun][]): ScenarioComparison {
  const figuresA = pairs.map(([runA]) => runFigures(runA));
  const figuresB = pairs.map(([, runB]) => runFigures(runB));
  const samples = COMPARED_FIGURES.map((name) => {
    const seeds = pairs.flatMap((_, i) => (figuresA[i]![name] != null && figuresB[i]![name] != null ? [i] : []));
    return { name, seeds, a: seeds.map((i) => figuresA[i]![name]!), b: seeds.map((i) => figuresB[i]![name]!) };
  });
  const compared = samples.filter((sample) => sample.seeds.length > 0);
  const confidence = 1 - FALSE_FLAG_RATE / Math.max(1, compared.length);
  const intervals = pairedBootstrap(compared, pairs.length, { resamples: RESAMPLES, confidence, minSeeds: minPairedSeeds(FALSE_FLAG_RATE), seed: `seqsim-compare/${scenario}` });
  const figures: Record<string, FigureComparison> = {};
  compared.forEach((sample, i) => {
    const interval = intervals[i]!;
    figures[sample.name] = {
      a: round(interval.a),
      b: round(interval.b),
      ratio: roundOrNull(interval.ratio),
      ciLow: roundOrNull(interval.ciLow),
      ciHigh: roundOrNull(interval.ciHigh),
      significant: interval.significant,
      seeds: sample.seeds.length,
    };
  });
  return { seeds: pairs.length, confidence, figures };
}

export interface Regression {
  readonly scenario: string;
  readonly figure: string;
  readonly change: FigureComparison;
}

/** Figures that got significantly worse (higher) by more than `percent`; from 0, any rise counts. */
export function regressions(comparison: Comparison, percent: number): Regression[] {
  return Object.entries(comparison.scenarios).flatMap(([scenario, { figures }]) =>
    Object.entries(figures)
      .filter(([, f]) => f.significant && f.b > f.a && (f.ratio === null || (f.ratio - 1) * 100 > percent))
      .map(([figure, change]) => ({ scenario, figure, change })),
  );
}

/** The runs of `a` and `b` matched by scenario and seed; refuses files that do not hold the same runs. */
function pairRuns(a: readonly SweepRun[], b: readonly SweepRun[], names: { readonly a: string; readonly b: string }): [SweepRun, SweepRun][] {
  const key = (run: SweepRun) => `${run.scenario}\u0000${run.seed}`;
  const inB = new Map(b.map((run) => [key(run), run]));
  const inA = new Set(a.map(key));
  const scenariosA = new Set(a.map((run) => run.scenario));
  const scenariosB = new Set(b.map((run) => run.scenario));
  const unpaired = (run: SweepRun, only: string, other: ReadonlySet<string>) =>
    new InputError(
      'BAD_ARGUMENT',
      other.has(run.scenario)
        ? `${names.a} and ${names.b} do not pair: ${run.scenario} seed ${run.seed} is only in ${only}; compare needs the same scenarios and seeds in both (paired runs)`
        : `${names.a} and ${names.b} do not pair: scenario ${run.scenario} is only in ${only}; compare needs the same scenarios and seeds in both (paired runs)`,
    );
  const onlyA = a.find((run) => !inB.has(key(run)));
  if (onlyA !== undefined) throw unpaired(onlyA, names.a, scenariosB);
  const onlyB = b.find((run) => !inA.has(key(run)));
  if (onlyB !== undefined) throw unpaired(onlyB, names.b, scenariosA);
  if (a.length === 0) throw new InputError('BAD_ARGUMENT', `${names.a} and ${names.b} hold no runs: there is nothing to compare`);
  return a.map((run) => [run, inB.get(key(run))!]);
}

function verdictOf(run: SweepRun): RunVerdict {
  return { outcome: run.outcome, failed: run.failed, replay: run.replay };
}

function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}

function roundOrNull(value: number | null): number | null {
  return value === null ? null : round(value);
}
