import { describe, expect, it } from 'vitest';
import { nextBatchSize, poolSize } from '../../src/run/pool.js';

/** The batch sizes a sweep of `jobs` hands out, in order. */
function batches(jobs: number, workers: number): number[] {
  const sizes: number[] = [];
  for (let next = 0; next < jobs; next += sizes[sizes.length - 1]!) sizes.push(nextBatchSize(jobs - next, workers));
  return sizes;
}

describe('the pool hands out batches that shrink as the sweep ends', () => {
  it.each([
    [1, 1],
    [7, 2],
    [40, 2],
    [1_000, 2],
    [24_000, 8],
  ])('%i jobs on %i workers: every job once, 25 at most per batch, the last ones single', (jobs, workers) => {
    const sizes = batches(jobs, workers);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(jobs);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(25);
    expect(sizes.every((size, i) => i === 0 || size <= sizes[i - 1]!)).toBe(true);
    expect(sizes[sizes.length - 1]).toBe(1);
  });

  it('a long sweep starts with full batches and leaves at most a few runs to the last batches', () => {
    const sizes = batches(1_000, 2);
    expect(sizes[0]).toBe(25);
    // What one worker may still run alone once the other is done: the last batch of each lane.
    expect(sizes.slice(-4).reduce((sum, size) => sum + size, 0)).toBeLessThanOrEqual(4);
  });
});

describe('the pool starts no more threads than it has jobs', () => {
  it.each([
    [256, 3, 3],
    [2, 1_000, 2],
    [8, 0, 1],
  ])('%i workers asked for %i jobs: %i threads', (workers, jobs, threads) => {
    expect(poolSize(workers, jobs)).toBe(threads);
  });
});
