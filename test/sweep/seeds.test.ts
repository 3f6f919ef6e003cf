import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { junitXml } from '../../src/report/junit.js';
import { mergeRuns, summarize } from '../../src/report/sweepFile.js';
import { checkSweepSize, MAX_FILED_SWEEP_RUNS, MAX_SWEEP_RUNS, parseSeeds, parseShard, shardOf } from '../../src/run/seeds.js';
import { sweepRun } from '../sweepRunFixture.js';

const run = (scenario: string, seed: string, ok = true) =>
  sweepRun({ scenario, seed, ok, outcome: ok ? 'passed' : 'failed', failed: ok ? [] : ['zero-loss'], first: ok ? null : 'device never got seq 3 <of> "its" inbox & more' });

describe('seeds and shards', () => {
  it('refuses a sweep larger than one process holds, or than its --json file reads back', () => {
    expect(() => checkSweepSize(MAX_SWEEP_RUNS, false, 'the sweep')).not.toThrow();
    expect(() => checkSweepSize(MAX_SWEEP_RUNS + 1, false, 'the sweep')).toThrow(/the sweep: 500,001 runs, and one sweep holds at most 500,000; split it with --shard K\/N/);
    expect(() => checkSweepSize(MAX_FILED_SWEEP_RUNS, true, 'the sweep')).not.toThrow();
    expect(() => checkSweepSize(MAX_FILED_SWEEP_RUNS + 1, true, 'the sweep')).toThrow(/written with --json holds at most 150,000/);
  });

  it('parses ranges, counts and lists, and rejects the rest', () => {
    expect(parseSeeds('3-6')).toEqual(['3', '4', '5', '6']);
    expect(parseSeeds('3')).toEqual(['1', '2', '3']);
    expect(parseSeeds('7,abc,9')).toEqual(['7', 'abc', '9']);
    expect(() => parseSeeds('9-3')).toThrow(/empty/);
    expect(() => parseSeeds('lots')).toThrow(/expected a range/);
    // A mistyped range in a list is refused, not run as a seed of that name.
    for (const bad of ['1-2,3-', '-4,5', '1-2-3,4', '7,--']) expect(() => parseSeeds(bad), bad).toThrow(/is not a range/);
    expect(parseSeeds('1-2,a-b')).toEqual(['1', '2', 'a-b']);
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/4', '5/4', '2', 'a/b']) expect(() => parseShard(bad)).toThrow(/K\/N/);
  });

  it('splits any job list into disjoint, balanced shards that cover it', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 200 }), fc.integer({ min: 1, max: 9 }), (items, count) => {
        const shards = Array.from({ length: count }, (_, i) => shardOf(items, { index: i + 1, count }));
        expect(shards.flat().sort((a, b) => a - b)).toEqual([...items].sort((a, b) => a - b));
        const sizes = shards.map((s) => s.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('merges shard runs once each, in scenario then seed order, and summarizes them', () => {
    const merged = mergeRuns([{ runs: [run('b', '10'), run('a', '2', false)] }, { runs: [run('a', '1'), run('b', '9'), run('a', '2', false)] }]);
    expect(merged.map((r) => `${r.scenario}/${r.seed}`)).toEqual(['a/1', 'a/2', 'b/9', 'b/10']);
    const s = summarize(merged, { rechecked: 1, recheckMismatches: 0, wallTimeMs: 2_000 });
    expect(s).toMatchObject({ runs: 4, passed: 3, failed: 1, invariants: { 'zero-loss': 1 }, seedsPerSec: 2, scenarios: { a: { runs: 2, failed: 1 } } });
  });

  it('writes JUnit XML with one case per run and one for the pooled latency verdict, escaped', () => {
    const runs = [run('a<b', '1'), run('a<b', '2', false)];
    const summary = summarize(runs, { rechecked: 0, recheckMismatches: 0, wallTimeMs: 1 });
    const xml = junitXml(runs, { ...summary, latencyFailures: ['a<b healthy: pooled p99 200 ms over the bound of 100 ms'] });
    expect(xml).toContain('<testsuite name="a&lt;b" tests="3" failures="2"');
    expect(xml).toContain('name="pooled healthy latency" time="0.000">');
    expect(xml).toContain('<failure message="a&lt;b healthy: pooled p99 200 ms over the bound of 100 ms" type="latency"/>');
    expect(xml).toContain('<testcase classname="seqsim.a&lt;b" name="seed 1"');
    expect(xml).toContain('<failure message="failed: zero-loss" type="zero-loss">device never got seq 3 &lt;of&gt; &quot;its&quot; inbox &amp; more');
    expect(xml).toContain('replay: seqsim run a&lt;b --seed 2');
    expect(xml.match(/<testcase /g)).toHaveLength(3);
    expect(junitXml(runs, summary)).toContain('<testcase classname="seqsim.a&lt;b" name="pooled healthy latency" time="0.000"/>');
  });
});
