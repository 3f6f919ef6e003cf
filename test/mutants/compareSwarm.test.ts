// seqsim mutants --compare-swarm: the narrow-window bug, a crash between two writes, is found by the
// targeted draw and (almost) never by the classic one; both draws' controls pass the same seeds.
import { describe, expect, it } from 'vitest';
import { seqsim } from '../cli/binary.js';

describe('seqsim mutants --compare-swarm', () => {
  it('catches store-key-before-entry far more often with the targeted draw than with the classic one', () => {
    const run = seqsim(['mutants', '--compare-swarm', '--seeds', '30', '--only', 'store-key-before-entry', '--workers', '2', '--json']);
    expect(run.code, run.err).toBe(0);
    const result = JSON.parse(run.out);
    expect(result.control.classic).toMatchObject({ ok: true, runs: 30 });
    expect(result.control.targeted).toMatchObject({ ok: true, runs: 30 });
    const [mutant] = result.mutants;
    expect(mutant.name).toBe('store-key-before-entry');
    expect(mutant.classic.caught).toBeLessThanOrEqual(1);
    expect(mutant.targeted.caught).toBeGreaterThanOrEqual(6);
    expect(mutant.slower).toBe(false);
    expect(mutant.targeted.replay).toBe(`seqsim run mutant-hunt --seed ${mutant.targeted.seedsToDetect} --swarm --mutant store-key-before-entry`);
  });

  it('counts, for a bug only the pooled verdict sees, the runs slow beyond the SLO share', () => {
    const run = seqsim(['mutants', '--compare-swarm', '--seeds', '10', '--only', 'slow-hint', '--workers', '2', '--json']);
    expect(run.code, run.err).toBe(0);
    const [mutant] = JSON.parse(run.out).mutants;
    expect(mutant.name).toBe('slow-hint');
    // Every hint held 1.5 s: nearly every run with healthy deliveries is slow, under either draw.
    expect(mutant.classic.caught).toBeGreaterThanOrEqual(8);
    expect(mutant.targeted.caught).toBeGreaterThanOrEqual(8);
    expect(mutant.slower).toBe(false);
  });
});
