// seqsim hunt: a coverage-guided search for failing runs; exit 1 if it found one, listing each with
// the command that replays it. SIGINT or SIGTERM stops it after the batch under way.
import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { mutantNames } from '../../api.js';
import { pathSegment } from '../../report/format.js';
import { writeHuntFailure } from '../../report/huntFiles.js';
import { huntJson, huntProgressLine, huntReport } from '../../report/huntReport.js';
import { hunt, type HuntOutcome } from '../../run/hunt.js';
import { checkSeed, parseBudget, parseWorkers } from '../../run/seeds.js';
import { shellQuote } from '../../scenario/compile.js';
import { loadScenario } from '../../scenario/load.js';
import { checkSwarmOverrides } from '../../run/seedScenario.js';
import { watchInterrupts } from '../interrupt.js';
import { warn, type Io } from '../io.js';
import { checkNoLinks, checkOutputDir } from '../outputPaths.js';

export interface HuntCommandOptions {
  readonly budget: string;
  readonly seed: string;
  readonly mutant: readonly string[];
  readonly workers?: string;
  readonly out?: string;
  readonly json: boolean;
  /** `--set path=value` overrides of the scenario (they win over each fresh swarm draw). */
  readonly set: readonly string[];
}

export async function huntCommand(target: string, options: HuntCommandOptions, io: Io): Promise<number> {
  checkSeed(options.seed);
  const loaded = loadScenario(target, options.set);
  checkSwarmOverrides(loaded.overrides);
  warn(io, loaded.warnings);
  const budget = parseBudget(options.budget);
  const workers = parseWorkers(options.workers, availableParallelism());
  const mutants = mutantNames(options.mutant);
  const outDir = options.out ?? join('reports', 'hunt', pathSegment(loaded.scenario.name ?? target), pathSegment(options.seed));
  checkOutputDir('--out', outDir);
  // A failed run's file replaces the last hunt's of its number.
  checkNoLinks('--out', outDir, readdirSync(outDir).filter((name) => /^run-\d+\.yaml$/.test(name)));
  const command = ['seqsim hunt', target, '--seed', options.seed, '--budget', String(budget), ...mutants.flatMap((m) => ['--mutant', m]), ...options.set.flatMap((o) => ['--set', shellQuote(o)])].join(' ');
  const interrupt = watchInterrupts(io, 'seqsim hunt');
  let outcome: HuntOutcome;
  try {
    outcome = await hunt({
      source: target,
      scenario: loaded.scenario,
      overrides: loaded.overrides,
      seed: options.seed,
      budget,
      mutants,
      workers,
      outDir,
      stop: interrupt.stop,
      abort: interrupt.abort,
      onBatch: (progress) => !options.json && io.out(huntProgressLine(progress, budget)),
    });
  } finally {
    interrupt.dispose();
  }
  for (const failure of outcome.failures) writeHuntFailure(failure, command);
  io.out(options.json ? huntJson(outcome) : huntReport(outcome, io.color));
  if (outcome.interrupted) return interrupt.exitCode() ?? 1;
  return outcome.failures.length === 0 ? 0 : 1;
}
