// The pooled latency verdict: a sweep fails a scenario's SLO only when its runs, taken together, are
// over the bound beyond doubt; sampling noise and one unlucky run never fail it.
import { describe, expect, it } from 'vitest';
import { histogramOf, quantileMs } from '../../src/oracle/histogram.js';
import { largest } from '../../src/oracle/largest.js';
import { breaksBound, logWealth, poolLatency, type ClassLatency } from '../../src/oracle/pooledLatency.js';

/** A run of `count` healthy deliveries, `over` of them at 150 ms and the rest at 40 ms (bound 100 ms). */
function runOf(count: number, over: number): ClassLatency {
  const samplesUs = [...Array.from({ length: over }, () => 150_000), ...Array.from({ length: count - over }, () => 40_000)];
  return { count, boundMs: 100, overBound: over, maxMs: over > 0 ? 150 : 40, histogram: histogramOf(samplesUs) };
}

describe('the pooled latency verdict', () => {
  it('fails five runs whose every delivery is late', () => {
    const pooled = poolLatency(Array.from({ length: 5 }, () => runOf(150, 150)));
    expect(pooled.p99Ms).toBeGreaterThan(100);
    expect(breaksBound(pooled)).toBe(true);
  });

  it('passes a sweep at the SLO, and one unlucky run among many', () => {
    expect(breaksBound(poolLatency(Array.from({ length: 1000 }, () => runOf(200, 2))))).toBe(false);
    const unlucky = [runOf(200, 200), ...Array.from({ length: 999 }, () => runOf(200, 0))];
    expect(breaksBound(poolLatency(unlucky))).toBe(false);
  });

  it('fails a sweep a little over the SLO once it has enough runs, and not before', () => {
    const slightlySlow = (runs: number) => Array.from({ length: runs }, () => runOf(200, 8));
    expect(breaksBound(poolLatency(slightlySlow(10)))).toBe(false);
    expect(breaksBound(poolLatency(slightlySlow(20)))).toBe(true);
  });

  it('fails six runs each with 30% of its deliveries late (Hoeffding on the mean needed 18), not five', () => {
    const slow = (runs: number) => Array.from({ length: runs }, () => runOf(1000, 300));
    expect(breaksBound(poolLatency(slow(5)))).toBe(false);
    expect(breaksBound(poolLatency(slow(6)))).toBe(true);
    expect(poolLatency(slow(6)).falseAlarmOdds).toBeLessThan(1e-6);
  });

  it('passes a sweep like the correct system: most runs with no late delivery, a few with some', () => {
    const correct = Array.from({ length: 300 }, (_, i) => runOf(300, i % 30 === 0 ? 9 : 0));
    const pooled = poolLatency(correct);
    expect(breaksBound(pooled)).toBe(false);
    expect(pooled.falseAlarmOdds).toBe(1);
  });

  it('judges the runs, not their order, and a late run among punctual ones costs the bet', () => {
    const runs = [runOf(100, 100), runOf(100, 0), runOf(100, 40), runOf(100, 3)];
    expect(poolLatency(runs).falseAlarmOdds).toBeCloseTo(poolLatency([...runs].reverse()).falseAlarmOdds, 12);
    expect(logWealth([0.3, 0.3, 0.3], 0.01)).toBeGreaterThan(logWealth([0.3, 0, 0.3], 0.01));
    // Many late runs: the wealth stays finite in the log.
    expect(logWealth(Array.from({ length: 200_000 }, () => 1), 0.01)).toBeGreaterThan(700);
  });

  it('pools counts, the slowest delivery and percentiles within one histogram bucket', () => {
    const pooled = poolLatency([runOf(100, 10), runOf(100, 0), { count: 0, boundMs: 100, overBound: 0, maxMs: 0, histogram: [] }]);
    expect(pooled).toMatchObject({ runs: 2, count: 200, overBound: 10, maxMs: 150 });
    expect(pooled.p50Ms).toBeGreaterThanOrEqual(40);
    expect(pooled.p50Ms).toBeLessThan(40 * 1.06);
    expect(pooled.p99Ms).toBeGreaterThanOrEqual(150);
    expect(quantileMs(histogramOf([]), 0.5)).toBe(0);
  });

  it('never reads a percentile above the slowest delivery (a bucket edge may lie above it)', () => {
    const samplesUs = [35_500, 66_300];
    expect(quantileMs(histogramOf(samplesUs), 0.99)).toBeGreaterThan(66.3);
    const pooled = poolLatency([{ count: 2, boundMs: 3_915, overBound: 0, maxMs: 66.3, histogram: histogramOf(samplesUs) }]);
    expect(pooled.p99Ms).toBe(66.3);
    expect(pooled.p50Ms).toBeLessThan(66.3);
  });

  it('pools a sweep of 200,000 runs (Math.max(...runs) overflowed the stack)', () => {
    const runs = Array.from({ length: 200_000 }, (_, i) => ({ ...runOf(10, 0), maxMs: i === 123_456 ? 99 : 40 }));
    expect(poolLatency(runs)).toMatchObject({ runs: 200_000, count: 2_000_000, maxMs: 99 });
    expect(largest([])).toBe(-Infinity);
    expect(largest([], 0)).toBe(0);
    expect(largest([-3, -1, -2])).toBe(-1);
  });
});
