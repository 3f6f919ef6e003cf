// seqsim compare on paired sweeps. The acceptance example (reinstall, page size 5 against 200 over
// seeds 1-30) flags pullsPerDelivery; a file compared with itself flags nothing; a knob that
// doubles the periodic pulls is flagged and fails --fail-on-regression, while a knob that changes
// nothing is not; verdict changes come first; files that do not pair are refused. The sweeps run in
// this thread (runJob), the same runs `check` makes on its workers; the binary compares the files.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMPARED_FIGURES, compareSweeps, regressions, type Comparison } from '../../src/report/compare.js';
import { summarize, type SweepFile } from '../../src/report/sweepFile.js';
import { runJob, type SweepRun } from '../../src/run/sweepJob.js';
import type { MutantName } from '../../src/system/mutants.js';
import { scratchDir } from '../scratch.js';

const BIN = 'dist/cli/main.js';
const scratch = scratchDir('compare');

function seqsim(args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

function sweep(source: string, seeds: number, set: string[] = [], mutants: MutantName[] = []): SweepFile {
  const runs: SweepRun[] = Array.from({ length: seeds }, (_, i) => runJob({ source, seed: String(i + 1), swarm: false, mutants, set }));
  return { runs, summary: summarize(runs, { rechecked: 0, recheckMismatches: 0, wallTimeMs: 0 }) };
}

function written(name: string, file: SweepFile): string {
  const path = join(scratch, name);
  writeFileSync(path, JSON.stringify(file));
  return path;
}

const flagged = (comparison: Comparison, scenario: string) => Object.entries(comparison.scenarios[scenario]!.figures).filter(([, f]) => f.significant).map(([name]) => name);
const names = { a: 'a.json', b: 'b.json' };

describe('seqsim compare, page size 5 against 200 on reinstall (seeds 1-30)', () => {
  const small = sweep('reinstall', 30, ['knobs.pageSize=5']);
  const large = sweep('reinstall', 30, ['knobs.pageSize=200']);
  const [fileSmall, fileLarge] = [written('page5.json', small), written('page200.json', large)];

  it('flags pullsPerDelivery: a catch-up of the whole inbox takes many pages of 5 and one of 200', () => {
    const comparison = compareSweeps(small, large, names);
    const pulls = comparison.scenarios['reinstall']!.figures['pullsPerDelivery']!;
    expect(pulls).toMatchObject({ significant: true, seeds: 30 });
    expect(pulls.b).toBeLessThan(pulls.a);
    expect(pulls.ciHigh!).toBeLessThan(1);
    expect(pulls.ciLow!).toBeLessThanOrEqual(pulls.ratio!);
    expect(comparison.scenarios['reinstall']!.figures['pulls.more']).toMatchObject({ b: 0, significant: true });
    // Every figure is shown, and the same files give the same intervals.
    expect(Object.keys(comparison.scenarios['reinstall']!.figures)).toEqual(COMPARED_FIGURES.filter((name) => name !== 'latency.woken.p99Ms'));
    expect(compareSweeps(small, large, names)).toEqual(comparison);
  });

  it('through the binary: a table, --json in the documented shape, and --fail-on-regression by direction', () => {
    const table = seqsim(['compare', fileSmall, fileLarge]);
    expect(table.code, table.err).toBe(0);
    expect(table.out).toMatch(/Verdicts: every run has the same verdict in both/);
    expect(table.out).toMatch(/pullsPerDelivery\s+│[^\n]*better/);
    const json = JSON.parse(seqsim(['compare', fileSmall, fileLarge, '--json']).out);
    expect(json.verdictChanges).toEqual([]);
    expect(Object.keys(json.scenarios.reinstall.figures.pullsPerDelivery).sort()).toEqual(['a', 'b', 'ciHigh', 'ciLow', 'ratio', 'seeds', 'significant']);
    // Fewer pulls is no regression; the other way round it is one.
    expect(seqsim(['compare', fileSmall, fileLarge, '--fail-on-regression', '1']).code).toBe(0);
    const worse = seqsim(['compare', fileLarge, fileSmall, '--fail-on-regression', '1']);
    expect(worse.code).toBe(1);
    expect(worse.err).toMatch(/regression: reinstall pullsPerDelivery [\d.]+ -> [\d.]+ \(\+[\d.]+%\), worse by more than 1%/);
  });

  it('flags nothing when a file is compared with itself, and exits 0', () => {
    expect(flagged(compareSweeps(small, small, names), 'reinstall')).toEqual([]);
    const run = seqsim(['compare', fileSmall, fileSmall, '--fail-on-regression', '0']);
    expect(run.code, run.err).toBe(0);
    expect(run.out).not.toMatch(/worse|better/);
  });

  it('refuses files that do not pair, naming the run or scenario only one has, with exit 2', () => {
    const fewer = written('fewer.json', { ...small, runs: small.runs.slice(0, 29) });
    const missing = seqsim(['compare', fileSmall, fewer]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^seqsim: \S+page5\.json and \S+fewer\.json do not pair: reinstall seed 30 is only in \S+page5\.json; compare needs the same scenarios and seeds in both \(paired runs\)\n$/);
    const other = written('other.json', { ...small, runs: small.runs.map((run) => ({ ...run, scenario: 'baseline' })) });
    expect(seqsim(['compare', other, fileSmall]).err).toMatch(/do not pair: scenario baseline is only in \S+other\.json/);
    expect(seqsim(['compare', fileSmall, fileLarge, '--fail-on-regression', 'lots']).err).toMatch(/--fail-on-regression lots: expected a percentage/);
  });
});

describe('seqsim compare on baseline (seeds 1-10)', () => {
  const base = sweep('baseline', 10);

  it('flags a knob that doubles the periodic pulls, and not one that changes nothing', () => {
    const doubled = compareSweeps(base, sweep('baseline', 10, ['knobs.periodicPullMs=30000']), names);
    const periodic = doubled.scenarios['baseline']!.figures['pulls.periodic']!;
    expect(periodic.ratio).toBeCloseTo(2, 1);
    expect(flagged(doubled, 'baseline')).toEqual(expect.arrayContaining(['pulls.periodic', 'pulls', 'pullsPerDelivery', 'emptyPulls', 'rpcs', 'wireBytes']));
    expect(regressions(doubled, 10).map(({ figure }) => figure)).toEqual(expect.arrayContaining(['pulls.periodic', 'pullsPerDelivery']));
    // No app goes to the background in baseline, so its background fetch period changes nothing.
    expect(flagged(compareSweeps(base, sweep('baseline', 10, ['knobs.backgroundFetchMs=90000']), names), 'baseline')).toEqual([]);
  });

  it('lists verdict changes first: runs that pass in one file and fail in the other', () => {
    const broken = sweep('baseline', 10, [], ['client-cursor-before-store']);
    const comparison = compareSweeps(base, broken, names);
    const failing = broken.runs.filter((run) => !run.ok);
    expect(failing.length).toBeGreaterThan(0);
    expect(comparison.verdictChanges.map((change) => change.seed)).toEqual(failing.map((run) => run.seed));
    expect(comparison.verdictChanges[0]!.b.failed).toContain('client-cursor');
    const run = seqsim(['compare', written('base.json', base), written('broken.json', broken), '--fail-on-regression', '1000']);
    expect(run.code).toBe(1);
    expect(run.out.indexOf('Verdicts:')).toBeLessThan(run.out.indexOf('pullsPerDelivery'));
    expect(run.out).toMatch(/baseline seed \d+: fails in b only \(client-cursor/);
    expect(run.err).toMatch(/regression: baseline seed \d+ passed in a and fails in b \(client-cursor/);
  });
});
