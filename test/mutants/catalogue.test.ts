// Every planted bug is caught, within 50 swarm seeds, by the invariant its documentation names (a
// bug only a sweep can see, by the pooled latency verdict, while every single run of it passes);
// and `seqsim mutants` reports that as a table and as JSON.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/report/sweepFile.js';
import { runJob, type SweepRun } from '../../src/run/sweepJob.js';
import type { FaultKind } from '../../src/faults/kinds.js';
import { MUTANT_NAMES, MUTANTS, type Mutant } from '../../src/system/mutants.js';

const INVARIANTS = ['seq-allocation', 'server-bound', 'client-cursor', 'no-duplicate', 'ack-durable', 'commit-quorum', 'order', 'zero-loss', 'gap-tolerance', 'latency', 'timeliness', 'push-route', 'send-policy'];
/**
 * A swarm run of the mutant's hunting base (its own, when the catalogue names one). A bug that loops
 * forever (gap-as-loss re-requests a gap without end) stops at two million events rather than the
 * default twenty: its verdict is the same, in 3 s instead of 13.
 */
const run = (seed: number, mutants: MutantName[], swarmWithout: readonly FaultKind[] = [], source = 'mutant-hunt') =>
  runJob({ source, seed: String(seed), swarm: true, mutants, swarmWithout, set: ['maxSteps=2000000'] });
const baseOf = (name: MutantName) => (MUTANTS[name] as Mutant).huntOn ?? 'mutant-hunt';
type MutantName = (typeof MUTANT_NAMES)[number];

describe('the mutant catalogue', () => {
  it('has at least 21 documented bugs, each naming a real invariant, and every new invariant catches one', () => {
    expect(MUTANT_NAMES.length).toBeGreaterThanOrEqual(21);
    for (const name of MUTANT_NAMES) {
      expect(INVARIANTS, name).toContain(MUTANTS[name].invariant);
      expect(MUTANTS[name].bug.length, name).toBeGreaterThan(30);
    }
    const caughtBy = new Set(MUTANT_NAMES.map((name) => MUTANTS[name].invariant));
    for (const invariant of ['timeliness', 'push-route', 'send-policy']) expect(caughtBy, invariant).toContain(invariant);
    expect(MUTANT_NAMES.some((name) => (MUTANTS[name] as Mutant).pooled === true)).toBe(true);
  });

  it.each(MUTANT_NAMES.filter((name) => (MUTANTS[name] as Mutant).pooled !== true))('%s is caught by its documented invariant within 50 swarm seeds', (name) => {
    const base = baseOf(name);
    for (let seed = 1; seed <= 50; seed++) {
      const failed = run(seed, [name], [], base);
      if (failed.ok) continue;
      // The same seed without the bug passes: the bug, not the seed, made it fail.
      expect(run(seed, [], [], base).ok, failed.replay).toBe(true);
      // Another invariant may see a bug first, on a seed its own does not (page-ignores-bytes clogs a
      // 2G link: a hint stuck behind oversized pages fails push-route's prompt hints).
      if (!failed.failed.includes(MUTANTS[name].invariant)) continue;
      // A bug only one fault can expose: the seeds that caught it, with that fault left out, miss it.
      const exposedBy = (MUTANTS[name] as Mutant).exposedBy as readonly FaultKind[] | undefined;
      if (exposedBy !== undefined) {
        for (let again = 1; again <= seed; again++) expect(run(again, [name], exposedBy, base).ok, `seed ${again} without ${exposedBy.join(', ')}`).toBe(true);
      }
      return;
    }
    expect.fail(`${name} escaped 50 seeds`);
  });

  it.each(MUTANT_NAMES.filter((name) => (MUTANTS[name] as Mutant).pooled === true))('%s passes every single run but fails the pooled latency verdict within 50 seeds', (name) => {
    const runs: SweepRun[] = [];
    const control: SweepRun[] = [];
    for (let seed = 1; seed <= 50; seed++) {
      runs.push(run(seed, [name]));
      control.push(run(seed, []));
      expect(runs.at(-1)!.ok, runs.at(-1)!.replay).toBe(true);
      const summary = summarize(runs, { rechecked: 0, recheckMismatches: 0, wallTimeMs: 0 });
      if (summary.latencyFailures.length === 0) continue;
      expect(summary.latencyFailures[0]).toMatch(/^mutant-hunt healthy: pooled p99/);
      // The same seeds without the bug pass the pooled verdict.
      expect(summarize(control, { rechecked: 0, recheckMismatches: 0, wallTimeMs: 0 }).latencyFailures).toEqual([]);
      return;
    }
    expect.fail(`${name} escaped 50 seeds`);
  });
});

describe('seqsim mutants', () => {
  it('prints the control and every mutant as JSON, and exits 0 when all are caught', () => {
    const run = spawnSync(process.execPath, ['dist/cli/main.js', 'mutants', '--seeds', '20', '--workers', '2', '--json', '--only', 'page-skip', '--only', 'no-send-dedup', '--only', 'slow-hint'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.control).toMatchObject({ ok: true, runs: 20, latencyFailures: [] });
    // The threads it ran on: no more than it was given.
    expect(result.workers).toBe(2);
    expect(result.mutants.map((m: { name: string }) => m.name)).toEqual(['page-skip', 'no-send-dedup', 'slow-hint']);
    for (const m of result.mutants) {
      expect(m).toMatchObject({ caught: true, invariant: MUTANTS[m.name as keyof typeof MUTANTS].invariant });
      expect(m.seedsToDetect).toBeGreaterThanOrEqual(1);
    }
    expect(result.mutants[0].replay).toBe(`seqsim run mutant-hunt --seed ${result.mutants[0].firstSeed} --swarm --mutant page-skip`);
    // A bug only a sweep can see replays as the sweep that saw it.
    expect(result.mutants[2].replay).toBe(`seqsim check mutant-hunt --seeds 1-${result.mutants[2].seedsToDetect} --swarm --mutant slow-hint`);
  });
});
