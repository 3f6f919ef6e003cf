// Seed ranges and shards for sweeps.
import { InputError } from '../scenario/errors.js';

/**
 * A seed for one run (`--seed`, or an item of a `--seeds` list): any text but an empty one, and none
 * with a control character (it reached the terminal, the reports and the JUnit XML raw, and names
 * the report directory).
 */
export function checkSeed(seed: string, option = '--seed'): string {
  if (seed.trim() === '') throw new InputError('BAD_ARGUMENT', `${option}: expected a seed, got an empty string`);
  if (/[\u0000-\u001f\u007f]/.test(seed)) throw new InputError('BAD_ARGUMENT', `${option}: a control character in it; use printable characters`);
  return seed;
}

/** "1-1000" (a range), "500" (1 to 500), or "3,17,42" (a list, whose items may be ranges: "1-3,9"). */
export function parseSeeds(text: string): string[] {
  const range = /^(\d+)-(\d+)$/.exec(text);
  if (range !== null) {
    const [from, to] = [Number(range[1]), Number(range[2])];
    // Past 2^53 a number is rounded: the seeds run would not be the ones asked for.
    if (!Number.isSafeInteger(to)) throw new InputError('BAD_ARGUMENT', `--seeds ${text}: numbered seeds go up to ${Number.MAX_SAFE_INTEGER}; give larger ones as a list`);
    if (to < from) throw new InputError('BAD_ARGUMENT', `--seeds ${text}: the range is empty`);
    if (to - from >= 10_000_000) throw new InputError('BAD_ARGUMENT', `--seeds ${text}: at most 10,000,000 seeds`);
    return Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
  }
  if (/^\d+$/.test(text)) {
    if (Number(text) === 0) throw new InputError('BAD_ARGUMENT', `--seeds ${text}: expected at least one seed`);
    return parseSeeds(`1-${text}`);
  }
  const list = text.split(',').map((seed) => seed.trim());
  if (list.length > 1 && list.every((seed) => seed.length > 0)) {
    // Counted before any range is spelt out: ten ranges of ten million would not fit the heap.
    const count = list.reduce((sum, seed) => sum + (/^(\d+)-(\d+)$/.test(seed) ? Math.max(1, Number(seed.split('-')[1]) - Number(seed.split('-')[0]) + 1) : 1), 0);
    if (count > 10_000_000) throw new InputError('BAD_ARGUMENT', `--seeds ${text}: at most 10,000,000 seeds`);
    // "3-" or "1-2-3" is a range mistyped, not a seed named so: refused rather than run as a name.
    const broken = list.find((seed) => /^[\d-]*-[\d-]*$/.test(seed) && !/^\d+-\d+$/.test(seed));
    if (broken !== undefined) throw new InputError('BAD_ARGUMENT', `--seeds ${text}: "${broken}" is not a range; write ranges as FROM-TO, e.g. 1-3`);
    const seeds = list.flatMap((seed) => (/^\d+-\d+$/.test(seed) ? parseSeeds(seed) : [checkSeed(seed, '--seeds')]));
    // A seed named twice is one run: the same seed gives the same run.
    return [...new Set(seeds)];
  }
  throw new InputError('BAD_ARGUMENT', `--seeds ${text}: expected a range (1-1000), a count (500) or a list (3,17,42 or 1-3,9)`);
}

export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

/**
 * A whole number typed in decimal digits, from `min` to `max`; undefined for anything else (Number
 * alone also took 0x10, 1e1, 0b1 and 1.0, and explain followed message 16 for "0x10").
 */
export function wholeNumber(text: string, min: number, max: number): number | undefined {
  const value = Number(text);
  return /^\s*\d+\s*$/.test(text) && value >= min && value <= max ? value : undefined;
}

/** --workers: a whole number from 1 to 256, one per core when not given. */
export function parseWorkers(text: string | undefined, cores: number): number {
  const workers = text === undefined ? cores : wholeNumber(text, 1, 256);
  if (workers === undefined) throw new InputError('BAD_ARGUMENT', `--workers ${text}: expected a whole number from 1 to 256`);
  return workers;
}

/** --recheck: the share of runs to run again, a decimal from 0 to 1. */
export function parseRecheck(text: string): number {
  const ratio = Number(text);
  if (!/^\d*\.?\d+$/.test(text.trim()) || !(ratio >= 0 && ratio <= 1)) throw new InputError('BAD_ARGUMENT', `--recheck ${text}: expected a share from 0 to 1`);
  return ratio;
}

/** "K/N": shard K of N, 1 <= K <= N. */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || count < 1 || index < 1 || index > count) throw new InputError('BAD_ARGUMENT', `--shard ${text}: expected K/N with 1 <= K <= N, e.g. 2/4`);
  return { index, count };
}

/** Every N-th item from K: shards are disjoint, cover everything, and are balanced. */
export function shardOf<T>(items: readonly T[], shard: Shard): T[] {
  return items.filter((_, i) => i % shard.count === shard.index - 1);
}

/**
 * Runs one sweep may hold: a finished run keeps about 3 KB until the summary, so half a million
 * fit well inside Node's default heap (250 million, every scenario's ten million seeds, took the
 * process down with the heap before the first run).
 */
export const MAX_SWEEP_RUNS = 500_000;
/** With --json: a run takes about 3 KB of its file, and --resume, merge and compare read at most 500 MiB. */
export const MAX_FILED_SWEEP_RUNS = 150_000;

/** Refuses a sweep of more runs than one process can hold (or, `filed`, than its file can be read back with). */
export function checkSweepSize(runs: number, filed: boolean, what: string): void {
  const cap = filed ? MAX_FILED_SWEEP_RUNS : MAX_SWEEP_RUNS;
  if (runs <= cap) return;
  const why = filed ? 'one sweep written with --json holds at most' : 'one sweep holds at most';
  throw new InputError('BAD_ARGUMENT', `${what}: ${Math.ceil(runs).toLocaleString('en-US')} runs, and ${why} ${cap.toLocaleString('en-US')}; split it with --shard K/N (a process each) or run fewer seeds`);
}

/** --budget: how many runs a hunt may spend, a whole number from 1 to 1,000,000. */
export function parseBudget(text: string): number {
  const budget = wholeNumber(text, 1, 1_000_000);
  if (budget === undefined) throw new InputError('BAD_ARGUMENT', `--budget ${text}: expected a whole number of runs from 1 to 1,000,000`);
  return budget;
}
