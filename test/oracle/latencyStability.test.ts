// Latency percentiles of a fixed seed are the same in every run and every process.
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { percentiles } from '../../src/oracle/percentiles.js';
import { runOne } from '../../src/run/runOne.js';
import { chaos } from './specs.js';

describe('latency percentiles', () => {
  it('use the nearest rank', () => {
    const samples = Array.from({ length: 1000 }, (_, i) => 1000 - i);
    expect(percentiles(samples)).toEqual({ count: 1000, p50: 500, p90: 900, p99: 990, p999: 999, max: 1000 });
    expect(percentiles([7])).toEqual({ count: 1, p50: 7, p90: 7, p99: 7, p999: 7, max: 7 });
    expect(percentiles([]).count).toBe(0);
  });

  it('of several lists are those of the lists joined', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 1e9 }), { maxLength: 40 }), { maxLength: 5 }), (lists) => {
        expect(percentiles(...lists)).toEqual(percentiles(lists.flat()));
      }),
    );
    expect(percentiles([3, 1], [], [2])).toEqual({ count: 3, p50: 2, p90: 3, p99: 3, p999: 3, max: 3 });
  });

  it('are stable for a fixed seed across runs and processes', () => {
    const first = runOne(chaos(7)).result;
    const second = runOne(chaos(7)).result;
    expect(second.latencyByClassMs).toEqual(first.latencyByClassMs);
    expect(second.traceHash).toBe(first.traceHash);
    expect(first.latencyMs.count).toBeGreaterThan(100);

    // The compiled build, in a child process (npm test builds it first).
    const script = `
      import { runOne } from './dist/run/runOne.js';
      import { compile } from './dist/scenario/compile.js';
      import { scenarioSchema } from './dist/scenario/schema.js';
      const scenario = scenarioSchema.parse(${JSON.stringify({ name: 'chaos', latencyBoundMs: 100 })});
      scenario.faults = ${JSON.stringify(chaos(7).faults)}.map((f) => ({ ...f, at: f.atUs / 1000, for: f.forUs === undefined ? undefined : f.forUs / 1000 }));
      const { result } = runOne(compile(scenario, { seed: '7', source: 'chaos' }));
      console.log(JSON.stringify({ latency: result.latencyByClassMs, hash: result.traceHash }));`;
    const child = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
    expect(child.latency).toEqual(first.latencyByClassMs);
    expect(child.hash).toBe(first.traceHash);
  });
});
