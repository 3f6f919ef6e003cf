import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStream, RandomStreams } from '../../src/sim/random.js';

function draws(stream: RandomStream, count: number): number[] {
  return Array.from({ length: count }, () => stream.uniform());
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

describe('random streams', () => {
  it('gives the same draws for the same seed and name, different ones otherwise', () => {
    expect(draws(new RandomStreams('42').stream('net'), 20)).toEqual(draws(new RandomStreams('42').stream('net'), 20));
    expect(draws(new RandomStreams('42').stream('net'), 20)).not.toEqual(draws(new RandomStreams('43').stream('net'), 20));
    expect(draws(new RandomStreams('42').stream('net'), 20)).not.toEqual(draws(new RandomStreams('42').stream('disk'), 20));
  });

  it('keeps streams independent: drawing from or adding other streams never shifts a stream', () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.string({ minLength: 1 }), { maxLength: 5 }), fc.nat(50), (seed, others, noise) => {
        const alone = draws(new RandomStreams(seed).stream('target'), 10);
        const streams = new RandomStreams(seed);
        for (const name of others) draws(streams.stream(`other-${name}`), noise);
        const target = streams.stream('target');
        const first = draws(target, 5);
        for (const name of others) draws(streams.stream(`other-${name}`), noise);
        expect([...first, ...draws(target, 5)]).toEqual(alone);
      }),
    );
  });

  it('shapes draws as asked, at a fixed seed', () => {
    const stream = new RandomStream('shape');
    const n = 100_000;
    const latencies = Array.from({ length: n }, () => stream.latency(30_000, 300_000)).sort((a, b) => a - b);
    expect(percentile(latencies, 0.5)).toBeGreaterThan(28_500);
    expect(percentile(latencies, 0.5)).toBeLessThan(31_500);
    expect(percentile(latencies, 0.99)).toBeGreaterThan(270_000);
    expect(percentile(latencies, 0.99)).toBeLessThan(330_000);
    expect(latencies.every(Number.isInteger)).toBe(true);

    const exponentialMean = Array.from({ length: n }, () => stream.exponential(200)).reduce((a, b) => a + b) / n;
    expect(exponentialMean).toBeGreaterThan(196);
    expect(exponentialMean).toBeLessThan(204);

    const hits = Array.from({ length: n }, () => stream.bernoulli(0.1)).filter(Boolean).length;
    expect(hits / n).toBeGreaterThan(0.097);
    expect(hits / n).toBeLessThan(0.103);
    expect(stream.bernoulli(0)).toBe(false);

    const ints = Array.from({ length: n }, () => stream.int(3, 7));
    expect(new Set(ints)).toEqual(new Set([3, 4, 5, 6]));
    const uniforms = draws(stream, n);
    expect(Math.min(...uniforms)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...uniforms)).toBeLessThan(1);
  });

  it('rejects an empty integer range', () => {
    expect(() => new RandomStream('x').int(5, 5)).toThrow(RangeError);
  });
});
