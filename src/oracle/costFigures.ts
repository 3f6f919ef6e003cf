// A run's cost as flat figures, one number each: what a sweep keeps per run, pools per scenario and
// `seqsim compare` pairs seed by seed. Every figure is a cost: lower is better.
import { PULL_REASONS } from '../system/events.js';
import type { RunCost } from './cost.js';
import { QUEUE_UNITS, SERVER_KINDS } from './serverLoad.js';
import { LINK_CLASSES } from './wireSizes.js';

/**
 * count: a number of things, pooled as a total and a mean per run; ratio: one count per another,
 * pooled as the ratio of their totals; peak: a high-water mark, pooled as its mean and maximum;
 * base: what the ratios divide by (the workload, not a cost).
 */
export type FigureKind = 'count' | 'ratio' | 'peak' | 'base';

export interface CostFigure {
  readonly name: string;
  readonly kind: FigureKind;
  readonly of: (cost: RunCost) => number | null;
  /** A ratio's numerator and denominator, as figure names. */
  readonly ratioOf?: readonly [string, string];
}

export type CostFigures = Record<string, number | null>;

const count = (name: string, of: (cost: RunCost) => number): CostFigure => ({ name, kind: 'count', of });
const ratio = (name: string, of: (cost: RunCost) => number | null, ratioOf: [string, string]): CostFigure => ({ name, kind: 'ratio', of, ratioOf });

export const COST_FIGURES: readonly CostFigure[] = [
  { name: 'deliveries', kind: 'base', of: (c) => c.deliveries },
  { name: 'ackedSends', kind: 'base', of: (c) => c.ackedSends },
  ratio('pullsPerDelivery', (c) => c.pullsPerDelivery, ['pulls', 'deliveries']),
  count('pulls', (c) => c.pulls),
  ...PULL_REASONS.map((reason) => count(`pulls.${reason}`, (c) => c.pullsByReason[reason])),
  count('emptyPulls', (c) => c.emptyPulls),
  count('entriesSent', (c) => c.entriesSent),
  count('redundantEntries', (c) => c.redundantEntries),
  ratio('hintsPerDelivery', (c) => c.hintsPerDelivery, ['hints', 'deliveries']),
  count('hints', (c) => c.hints),
  count('platformPushes', (c) => c.platformPushes),
  ratio('rpcsPerSend', (c) => c.rpcsPerSend, ['rpcs', 'ackedSends']),
  count('rpcs', (c) => c.rpcs),
  ratio('wireBytesPerDelivery', (c) => c.wireBytesPerDelivery, ['wireBytes', 'deliveries']),
  count('wireBytes', (c) => c.wireBytes.total),
  ...LINK_CLASSES.map((link) => count(`wireBytes.${link}`, (c) => c.wireBytes[link])),
  ratio('diskWritesPerMessage', (c) => c.diskWritesPerMessage, ['diskWrites.servers', 'ackedSends']),
  count('diskWrites.servers', (c) => c.diskWrites.servers),
  count('diskWrites.devices', (c) => c.diskWrites.devices),
  count('allocPersists', (c) => c.allocPersists),
  ...SERVER_KINDS.map((kind) => count(`handled.${kind}`, (c) => c.servers[kind].handled)),
  ...SERVER_KINDS.filter((kind) => QUEUE_UNITS[kind] !== null).map((kind): CostFigure => ({ name: `peakQueue.${kind}`, kind: 'peak', of: (c) => c.servers[kind].peakQueue })),
];

/** The run's figures by name; a figure the run has no value for (a ratio of nothing, a queue the trace does not show) is null. */
export function costFigures(cost: RunCost): CostFigures {
  return Object.fromEntries(COST_FIGURES.map((figure) => [figure.name, figure.of(cost)]));
}
