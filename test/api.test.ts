// The library entry returns the same data as `seqsim run --json`.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { InputError, loadScenario, runScenario } from '../src/index.js';

describe('the library entry', () => {
  it('runs a named scenario and returns the typed result', () => {
    const report = runScenario('baseline', { seed: 9 });
    expect(report.ok).toBe(true);
    expect(report.seed).toBe('9');
    expect(report.messages.lost).toBe(0);
    expect(report.replay).toBe('seqsim run baseline --seed 9');
  });

  it('runs a loaded, edited scenario, and explains a planted failure', () => {
    const { scenario } = loadScenario('baseline');
    const report = runScenario({ ...scenario, users: { ...scenario.users, count: 6 } }, { seed: 3, mutants: ['client-cursor-before-store'] });
    expect(report.ok).toBe(false);
    expect(report.violationReport?.violation.invariant).toBe('client-cursor');
    expect(() => runScenario('baseline', { mutants: ['nope'] })).toThrow(InputError);
  });

  it('is importable by package name and gives the CLI trace hash', () => {
    const script = "import('seqsim').then(({ runScenario }) => console.log(runScenario('baseline', { seed: 1 }).traceHash))";
    const viaPackage = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim();
    const viaCli = JSON.parse(execFileSync(process.execPath, ['dist/cli/main.js', 'run', 'baseline', '--seed', '1', '--json', '--out', 'reports/api-test'], { encoding: 'utf8' }));
    expect(viaPackage).toBe(viaCli.traceHash);
  });
});
