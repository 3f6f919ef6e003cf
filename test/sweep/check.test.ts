// Sweeps through the built binary: worker counts and shards agree run for run; a planted bug is
// found and every listed replay reproduces it; shrinking makes it small and writes a test.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COVERAGE_POINT_NAMES } from '../../src/oracle/coveragePoints.js';
import type { SweepFile } from '../../src/report/sweepFile.js';
import { scratchDir } from '../scratch.js';

const BIN = 'dist/cli/main.js';
const scratch = scratchDir('sweep');

function seqsim(args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

function sweepFile(name: string): SweepFile {
  return JSON.parse(readFileSync(join(scratch, name), 'utf8'));
}

const verdicts = (file: SweepFile) => file.runs.map((r) => `${r.scenario}/${r.seed} ${r.traceHash} ${r.ok} ${r.failed.join(',')}`);

describe('seqsim check', () => {
  it('gives identical per-run hashes and verdicts with 1 worker, 2 workers, and 3 shards merged', () => {
    // A planted bug, so that verdicts differ from run to run and disagreement would show.
    const sweep = ['check', 'baseline', '--seeds', '1-18', '--swarm', '--mutant', 'page-skip', '--recheck', '0'];
    expect(seqsim([...sweep, '--workers', '1', '--json', join(scratch, 'w1.json')]).code).toBe(1);
    expect(seqsim([...sweep, '--workers', '2', '--json', join(scratch, 'w2.json')]).code).toBe(1);
    for (const k of [1, 2, 3]) seqsim([...sweep, '--workers', '1', '--shard', `${k}/3`, '--json', join(scratch, `s${k}.json`)]);
    const merged = seqsim(['merge', ...[1, 2, 3].map((k) => join(scratch, `s${k}.json`)), '--json', join(scratch, 'merged.json'), '--junit', join(scratch, 'merged.xml')]);
    expect(merged.code).toBe(1);

    const one = verdicts(sweepFile('w1.json'));
    expect(one).toHaveLength(18);
    expect(one.some((v) => v.includes(' false '))).toBe(true);
    expect(one.some((v) => v.includes(' true '))).toBe(true);
    expect(verdicts(sweepFile('w2.json'))).toEqual(one);
    expect(verdicts(sweepFile('merged.json'))).toEqual(one);
    // Costs too agree run for run, and merge pools them again as the whole sweep did.
    expect(sweepFile('w2.json').runs.map((r) => r.cost)).toEqual(sweepFile('w1.json').runs.map((r) => r.cost));
    expect(sweepFile('merged.json').summary.cost).toEqual(sweepFile('w1.json').summary.cost);
    const pooled = sweepFile('w1.json').summary.cost['baseline']!.figures;
    const total = (figure: string) => sweepFile('w1.json').runs.reduce((sum, r) => sum + r.cost![figure]!, 0);
    expect(pooled['pulls']!.total).toBe(total('pulls'));
    expect(pooled['pullsPerDelivery']!.pooled).toBeCloseTo(total('pulls') / total('deliveries'), 4);
    expect([1, 2, 3].map((k) => sweepFile(`s${k}.json`).runs.length)).toEqual([6, 6, 6]);
    // One case per run, and one for the scenario's pooled latency verdict.
    expect(readFileSync(join(scratch, 'merged.xml'), 'utf8').match(/<testcase /g)).toHaveLength(19);
  });

  it('fails a sweep with a planted mutant, lists the failing seeds, and each replay reproduces its failure', () => {
    const sweep = seqsim(['check', 'baseline', '--seeds', '1-12', '--swarm', '--mutant', 'client-cursor-before-store', '--workers', '2', '--json', join(scratch, 'm.json')]);
    expect(sweep.code).toBe(1);
    const failures = sweepFile('m.json').runs.filter((r) => !r.ok);
    expect(failures.length).toBeGreaterThan(0);
    for (const failure of failures) {
      expect(sweep.out).toContain(`baseline seed ${failure.seed}: client-cursor`);
      expect(sweep.out).toContain(failure.replay);
    }
    // Replaying is a process per run: the first few make the point.
    for (const failure of failures.slice(0, 3)) {
      const [command, ...args] = failure.replay.split(' ');
      expect(command).toBe('seqsim');
      const run = seqsim([...args, '--json', '--out', join(scratch, `r${failure.seed}`)]);
      expect(run.code).toBe(1);
      const replayed = JSON.parse(run.out);
      expect(replayed.ok).toBe(false);
      expect(replayed.traceHash).toBe(failure.traceHash);
      expect(replayed.invariants.filter((i: { ok: boolean }) => !i.ok).map((i: { name: string }) => i.name)).toEqual(failure.failed);
    }
  });

  it('runs on no more workers than it has runs: 64 asked for two seeds start two', () => {
    const sweep = seqsim(['check', 'baseline', '--seeds', '1-2', '--workers', '64', '--recheck', '1']);
    expect(sweep.code).toBe(0);
    expect(sweep.out).toMatch(/PASSED: 2\/2 runs passed, .* on 2 workers/);
  });

  it('passes the correct system and checks determinism on fresh workers', () => {
    const sweep = seqsim(['check', 'baseline', '--seeds', '1-10', '--swarm', '--recheck', '1', '--workers', '2', '--json', join(scratch, 'ok.json')]);
    expect(sweep.code).toBe(0);
    expect(sweep.out).toContain('Determinism self-check: 10 runs re-run on fresh workers, all trace hashes matched');
    expect(sweepFile('ok.json').summary).toMatchObject({ runs: 10, passed: 10, failed: 0, rechecked: 10, recheckMismatches: 0 });
    // Coverage: every point of the catalogue, each counted over the runs it could apply to.
    const { coverage } = sweepFile('ok.json').summary;
    expect(Object.keys(coverage.points)).toEqual(COVERAGE_POINT_NAMES);
    for (const point of Object.values(coverage.points)) expect(point.runs).toBeLessThanOrEqual(point.applicable);
    expect(coverage.points['commit-during-pull']).toEqual({ runs: 10, applicable: 10 });
    expect(coverage.hit).toBeGreaterThan(10);
    expect(sweep.out).toMatch(new RegExp(`│ commit-during-pull\\s+│ 10\\s+│ 10\\s+│ 100%`));
    expect(sweep.out).toContain(`Coverage: ${coverage.hit} of ${coverage.total} points reached by some run`);
  });
});

describe('seqsim shrink', () => {
  it('shrinks a failing mutant run to at most a tenth of its events and writes a regression test that runs', () => {
    const out = join(scratch, 'failing');
    expect(seqsim(['run', 'baseline', '--seed', '6', '--swarm', '--mutant', 'client-cursor-before-store', '--out', out]).code).toBe(1);
    const testDir = join('reports', 'shrink-test');
    const shrunk = seqsim(['shrink', join(out, 'report.json'), '--out', testDir, '--json']);
    expect(shrunk.code).toBe(0);
    const result = JSON.parse(shrunk.out);
    expect(result.invariant).toBe('client-cursor');
    expect(result.events * 10).toBeLessThanOrEqual(result.originalEvents);

    // The minimal scenario still fails the same invariant...
    const replay = seqsim(['run', result.scenarioFile, '--seed', '6', '--mutant', 'client-cursor-before-store', '--json', '--out', join(scratch, 'min')]);
    expect(replay.code).toBe(1);
    expect(JSON.parse(replay.out).invariants.find((i: { name: string }) => i.name === 'client-cursor').ok).toBe(false);
    // ...and the regression test file runs, and passes while the bug is there.
    const vitest = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--root', testDir, '--config', resolve('test/sweep/regressions.config.mjs')], { encoding: 'utf8' });
    expect(vitest.stdout + vitest.stderr).toMatch(/1 passed/);
    expect(vitest.status).toBe(0);
  });

  it('refuses a run that passed', () => {
    const out = join(scratch, 'passing');
    seqsim(['run', 'baseline', '--seed', '1', '--out', out]);
    const shrunk = seqsim(['shrink', join(out, 'report.json')]);
    expect(shrunk.code).toBe(2);
    expect(shrunk.err).toContain('the run passed; there is nothing to shrink');
  });
});
