// The shrinker keeps the property it shrinks against: the oracle's parameters never change, a
// candidate counts only if it fails the same invariant the same way, and the minimal failure is a
// real one (it stays when the oracle is given longer to wait for quiet).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load.js';
import { compile } from '../../src/scenario/compile.js';
import type { Scenario } from '../../src/scenario/schema.js';
import { runOne } from '../../src/run/runOne.js';
import { failsLike, failureSignature, ORACLE_FIELDS, shrink } from '../../src/run/shrink.js';
import { jobSpec } from '../../src/run/sweepJob.js';
import { drawSwarm } from '../../src/faults/swarmDraws.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { MutantName } from '../../src/system/mutants.js';
import { scratchDir } from '../scratch.js';

const scratch = scratchDir('shrink');

function run(scenario: Scenario, seed: string, mutants: readonly MutantName[]) {
  return runOne(compile(scenario, { seed, source: 'shrink-test', mutants })).result;
}

describe('seqsim shrink keeps the property', () => {
  it('shrinks subway-tunnel seed 7 under no-pull-retry without touching the oracle, and it still fails zero-loss', () => {
    const bin = (args: string[]) => spawnSync(process.execPath, ['dist/cli/main.js', ...args], { encoding: 'utf8' });
    const out = join(scratch, 'r');
    expect(bin(['run', 'subway-tunnel', '--seed', '7', '--mutant', 'no-pull-retry', '--out', out, '--no-html']).status).toBe(1);
    const shrunk = bin(['shrink', join(out, 'report.json'), '--out', join(scratch, 's'), '--json']);
    expect(shrunk.status).toBe(0);
    const result = JSON.parse(shrunk.stdout);
    expect(result).toMatchObject({ invariant: 'zero-loss', kind: 'missing-entry' });
    const text = readFileSync(result.scenarioFile, 'utf8');
    expect(text).toContain('# Kept as in the original run, because they are the property and not the world: quiesceMaxMs 300000, latencyBoundMs 100');
    const scenario = parseScenario(text, result.scenarioFile);
    expect(scenario.quiesceMaxMs).toBe(300_000);
    expect(scenario.latencyBoundMs).toBe(100);
    const again = bin(['run', result.scenarioFile, '--seed', '7', '--mutant', 'no-pull-retry', '--json', '--no-html', '--out', join(scratch, 'again')]);
    expect(again.status).toBe(1);
    expect(JSON.parse(again.stdout).invariants.find((i: { name: string }) => i.name === 'zero-loss').ok).toBe(false);
  });

  it('counts a candidate only if it fails the same way', () => {
    const signature = { invariant: 'zero-loss', kind: 'unsettled-send' };
    const violation = (kind: string) => ({ invariant: 'zero-loss', kind, detail: '', timeUs: 0, msgId: null, user: null, device: null, seq: null, event: null, deadline: null });
    const result = (kind: string) => ({ invariants: [{ name: 'zero-loss', ok: false, violations: 1, first: violation(kind), examples: [violation(kind)] }] });
    expect(failsLike(result('unsettled-send'), signature)).toBe(true);
    expect(failsLike(result('missing-entry'), signature)).toBe(false);
    expect(failsLike(result('missing-entry'), { invariant: 'zero-loss', kind: null })).toBe(true);
    expect(failsLike(result('missing-entry'), { invariant: 'client-cursor', kind: null })).toBe(false);
  });

  it('for planted mutants, the shrunk scenario keeps the oracle parameters, fails the same way, and still fails with four times the quiet window', () => {
    const base = loadScenario('mutant-hunt').scenario;
    const mutants: MutantName[] = ['client-cursor-before-store', 'no-send-dedup', 'no-pull-on-reconnect', 'half-open-no-fallback', 'alloc-no-persist'];
    let shrunkCases = 0;
    fc.assert(
      fc.property(fc.constantFrom(...mutants), fc.integer({ min: 1, max: 6 }), (mutant, seedNumber) => {
        const seed = String(seedNumber);
        const original = drawSwarm(base, seed);
        const before = runOne(jobSpec({ source: 'mutant-hunt', seed, swarm: true, mutants: [mutant] })).result;
        const signature = failureSignature(before);
        if (signature === undefined) return; // this seed does not catch it: nothing to shrink
        const shrunk = shrink({ scenario: original, source: 'mutant-hunt', seed, mutants: [mutant], signature, maxRuns: 80 });
        for (const field of ORACLE_FIELDS) expect(shrunk.scenario[field], field).toBe(original[field]);
        expect(shrunk.events).toBeLessThanOrEqual(shrunk.originalEvents);
        expect(failsLike(run(shrunk.scenario, seed, [mutant]), signature)).toBe(true);
        const patient = { ...shrunk.scenario, quiesceMaxMs: original.quiesceMaxMs * 4 };
        expect(failsLike(run(patient, seed, [mutant]), signature), `${mutant} seed ${seed}`).toBe(true);
        shrunkCases++;
      }),
      { numRuns: 6 },
    );
    // Most of the drawn cases fail and are shrunk: the property was exercised, not skipped.
    expect(shrunkCases).toBeGreaterThanOrEqual(3);
  });
});
