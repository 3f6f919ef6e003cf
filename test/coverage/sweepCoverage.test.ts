// A sweep's coverage comes from its runs alone: each point counts the runs that reached it out of
// those it could apply to; a run without coverage (a crashed one) counts for nothing; the terminal
// and the sweep page show the same figures and name the points never hit.
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { COVERAGE_POINT_NAMES } from '../../src/oracle/coveragePoints.js';
import { coverageSection } from '../../src/report/coverageHtml.js';
import { coverageTable } from '../../src/report/coverageTable.js';
import { summarize } from '../../src/report/sweepFile.js';
import { sweepRun } from '../sweepRunFixture.js';

const run = (seed: string, coverage?: Record<string, number>) => sweepRun({ seed, ...(coverage === undefined ? {} : { coverage }) });

const runs = [
  run('1', { 'commit-during-pull': 3, 'crash:send.acked': 0 }),
  run('2', { 'commit-during-pull': 0, 'crash:send.acked': 0, 'hint-during-pull': 1 }),
  run('3'),
];

describe('the coverage of a sweep', () => {
  it('counts, per point, the runs that reached it of the runs it applied to', () => {
    const { coverage } = summarize(runs, { rechecked: 0, recheckMismatches: 0, wallTimeMs: 1 });
    expect(Object.keys(coverage.points)).toEqual(COVERAGE_POINT_NAMES);
    expect(coverage.points['commit-during-pull']).toEqual({ runs: 1, applicable: 2 });
    expect(coverage.points['hint-during-pull']).toEqual({ runs: 1, applicable: 1 });
    expect(coverage.points['crash:send.acked']).toEqual({ runs: 0, applicable: 2 });
    expect(coverage.points['reinstall-in-flight']).toEqual({ runs: 0, applicable: 0 });
    expect(coverage).toMatchObject({ total: 3, hit: 2 });
  });

  it('prints a table of the points that could apply, and names the ones never hit', () => {
    const { coverage } = summarize(runs, { rechecked: 0, recheckMismatches: 0, wallTimeMs: 1 });
    const text = coverageTable(coverage, new Chalk({ level: 0 }));
    expect(text).toMatch(/│ commit-during-pull\s+│ 1\s+│ 2\s+│ 50%\s+│/);
    expect(text).not.toMatch(/│ reinstall-in-flight/);
    expect(text).toContain('Coverage: 2 of 3 points reached by some run; never hit: crash:send.acked; could apply to no run: ');
    const html = coverageSection(coverage);
    expect(html).toContain('<td class="mono">commit-during-pull</td><td class="num">1</td><td class="num">2</td><td class="num">50%</td>');
    expect(html).toContain('Never hit: <span class="mono">crash:send.acked</span>');
  });
});
