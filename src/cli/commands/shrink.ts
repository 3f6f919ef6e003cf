// seqsim shrink: minimise a failing run, then write the minimal scenario and a vitest regression
// test that replays it and expects the failure until the bug is fixed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { stringify } from 'yaml';
import { formatCount, pathSegment } from '../../report/format.js';
import { readRunReport } from '../../report/runReport.js';
import { failureSignature, ORACLE_FIELDS, shrink, type FailureSignature } from '../../run/shrink.js';
import { wholeNumber } from '../../run/seeds.js';
import type { Scenario } from '../../scenario/schema.js';
import { InputError } from '../../scenario/errors.js';
import { parseOverrides, parseWithOverrides } from '../../scenario/overrides.js';
import { assertRunnable } from '../../scenario/validate.js';
import { shellQuote } from '../../scenario/compile.js';
import type { Io } from '../io.js';
import { checkNoLinks, checkOutputDir } from '../outputPaths.js';

export interface ShrinkOptions {
  readonly out: string;
  readonly maxRuns: string;
  readonly json: boolean;
  /** How the regression test imports seqsim. */
  readonly importFrom: string;
  /** `--set path=value` overrides of the report's scenario, applied before shrinking. */
  readonly set: readonly string[];
}

export function shrinkCommand(file: string, options: ShrinkOptions, io: Io): number {
  const maxRuns = wholeNumber(options.maxRuns, 1, Number.MAX_SAFE_INTEGER);
  if (maxRuns === undefined) throw new InputError('BAD_ARGUMENT', `--max-runs ${options.maxRuns}: expected a whole number above 0`);
  // It lands inside a quoted import in the written test.
  if (!/^[^'"\\\s]+$/.test(options.importFrom)) throw new InputError('BAD_ARGUMENT', `--import-from ${options.importFrom}: expected a module name or path, without quotes or spaces`);
  const overrides = parseOverrides(options.set);
  checkOutputDir('--out', options.out);
  const report = readRunReport(file);
  const { input } = report;
  const scenario = parseWithOverrides(input.scenario, overrides, `${file}: input.scenario`);
  // Overrides can make a scenario no run could take (a million users, a fault on no process).
  assertRunnable(scenario, `${file}: input.scenario`);
  const signature = failureSignature(report);
  if (signature === undefined) throw new InputError('BAD_ARGUMENT', `${file}: the run passed; there is nothing to shrink`);
  const { invariant } = signature;
  const result = shrink({ scenario, source: input.source, seed: input.seed, mutants: input.mutants, signature, maxRuns });

  const name = pathSegment(`${report.scenario}-seed${input.seed}-${invariant}`);
  checkNoLinks('--out', options.out, [`${name}.yaml`, `${name}.test.ts`]);
  mkdirSync(options.out, { recursive: true });
  const scenarioFile = join(options.out, `${name}.yaml`);
  const testFile = join(options.out, `${name}.test.ts`);
  const shrunk = { ...result.scenario, name, description: `Shrunk from ${report.replay}: fails ${invariant}.` };
  writeFileSync(
    scenarioFile,
    `# Written by \`seqsim shrink\` from ${report.replay}${options.set.map((o) => ` --set ${o}`).join('')}\n# ${formatCount(result.originalEvents)} events shrunk to ${formatCount(result.events)} in ${result.runs} runs; still fails ${describe(signature)}.\n${keptFixed(shrunk)}${stringify(shrunk)}`,
  );
  writeFileSync(testFile, regressionTest(name, input.seed, input.mutants, invariant, options.importFrom));
  const replay = `seqsim run ${shellQuote(relative(process.cwd(), scenarioFile))} --seed ${shellQuote(input.seed)}${input.mutants.map((m) => ` --mutant ${m}`).join('')}`;
  if (options.json) {
    io.out(JSON.stringify({ invariant, kind: signature.kind, originalEvents: result.originalEvents, events: result.events, runs: result.runs, scenarioFile, testFile, replay }));
  } else {
    io.out(`Shrunk ${report.replay}`);
    io.out(`  ${formatCount(result.originalEvents)} events -> ${formatCount(result.events)} (${((100 * result.events) / result.originalEvents).toFixed(1)}%) in ${result.runs} runs; still fails ${describe(signature)}`);
    io.out(`  users ${shrunk.users.count}, faults ${shrunk.faults.length}, ${formatCount(shrunk.durationMs)} ms`);
    io.out(`Wrote ${scenarioFile}`);
    io.out(`Wrote ${testFile}`);
    io.out(`Replay: ${io.color.cyan(replay)}`);
  }
  return 0;
}

function describe(signature: FailureSignature): string {
  return signature.kind === null ? signature.invariant : `${signature.invariant} (${signature.kind})`;
}

/** The header lines that say which fields shrinking never touches, and why. */
function keptFixed(scenario: Scenario): string {
  const fields = ORACLE_FIELDS.map((field) => `${field} ${scenario[field]}`).join(', ');
  return (
    `# Kept as in the original run, because they are the property and not the world: ${fields}\n` +
    '# (how long the oracle waits for quiet before it judges liveness, the latency bound, the watchdog\n' +
    "# budget). Shrinking only removed users, devices, groups, messages and faults and shortened the\n" +
    '# workload; it never changed how the run is judged.\n'
  );
}

function regressionTest(name: string, seed: string, mutants: readonly string[], invariant: string, importFrom: string): string {
  return `// Regression test written by \`seqsim shrink\`. It replays the shrunk run and expects ${invariant}
// to fail, as it did when found. Once the bug is fixed this test fails: then flip the expectation
// to \`toBe(true)\` and keep the test as a guard.
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { runScenario } from '${importFrom}';

it('${name} still fails ${invariant}', () => {
  const report = runScenario(fileURLToPath(new URL('./${name}.yaml', import.meta.url)), { seed: ${JSON.stringify(seed)}, mutants: ${JSON.stringify(mutants)} });
  expect(report.invariants.find((invariant) => invariant.name === ${JSON.stringify(invariant)})?.ok, report.replay).toBe(false);
});
`;
}
