// Every planted bug is caught, within 50 swarm seeds, by the invariant its documentation names;
// and `seqsim mutants` reports that as a table and as JSON.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runJob } from '../../src/run/sweepJob.js';
import { MUTANT_NAMES, MUTANTS } from '../../src/system/mutants.js';

describe('the mutant catalogue', () => {
  it('has at least 12 documented bugs, each naming a real invariant', () => {
    expect(MUTANT_NAMES.length).toBeGreaterThanOrEqual(12);
    const invariants = ['seq-allocation', 'server-bound', 'client-cursor', 'no-duplicate', 'ack-durable', 'order', 'zero-loss', 'gap-tolerance', 'latency'];
    for (const name of MUTANT_NAMES) {
      expect(invariants, name).toContain(MUTANTS[name].invariant);
      expect(MUTANTS[name].bug.length, name).toBeGreaterThan(30);
    }
  });

  it.each(MUTANT_NAMES)('%s is caught by its documented invariant within 50 swarm seeds', (name) => {
    for (let seed = 1; seed <= 50; seed++) {
      const run = runJob({ source: 'mutant-hunt', seed: String(seed), swarm: true, mutants: [name] });
      if (run.ok) continue;
      expect(run.failed, run.replay).toContain(MUTANTS[name].invariant);
      // The same seed without the bug passes: the bug, not the seed, made it fail.
      expect(runJob({ source: 'mutant-hunt', seed: String(seed), swarm: true, mutants: [] }).ok).toBe(true);
      return;
    }
    expect.fail(`${name} escaped 50 seeds`);
  });
});

describe('seqsim mutants', () => {
  it('prints the control and every mutant as JSON, and exits 0 when all are caught', () => {
    const run = spawnSync(process.execPath, ['dist/cli/main.js', 'mutants', '--seeds', '8', '--workers', '2', '--json', '--only', 'page-skip', '--only', 'no-send-dedup'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.control).toMatchObject({ ok: true, runs: 8 });
    expect(result.mutants.map((m: { name: string }) => m.name)).toEqual(['page-skip', 'no-send-dedup']);
    for (const m of result.mutants) {
      expect(m).toMatchObject({ caught: true, invariant: MUTANTS[m.name as keyof typeof MUTANTS].invariant });
      expect(m.seedsToDetect).toBeGreaterThanOrEqual(1);
      expect(m.replay).toBe(`seqsim run mutant-hunt --seed ${m.firstSeed} --swarm --mutant ${m.name}`);
    }
  });
});
