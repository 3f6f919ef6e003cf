// seqsim check: sweep seeds of scenarios on worker threads, with a determinism self-check;
// exit 1 if any run failed, listing each with the command that replays it.
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { mutantNames } from '../../api.js';
import { junitXml } from '../../report/junit.js';
import { summarize, type SweepFile } from '../../report/sweepFile.js';
import { writeSweepPages } from '../../report/sweepPages.js';
import { sweepReport } from '../../report/sweepTerminal.js';
import { parseSeeds, parseShard, parseWorkers, shardOf } from '../../run/seeds.js';
import { sweep } from '../../run/sweep.js';
import type { SweepJob } from '../../run/sweepJob.js';
import { InputError } from '../../scenario/errors.js';
import { loadScenario, scenarioNames } from '../../scenario/load.js';
import type { Io } from '../io.js';
import { progress } from '../progress.js';

export interface CheckOptions {
  readonly seeds: string;
  readonly workers?: string;
  readonly swarm: boolean;
  readonly mutant: readonly string[];
  readonly shard?: string;
  readonly recheck: string;
  readonly junit?: string;
  readonly json?: string;
  /** A directory for index.html and the failed runs' report pages. */
  readonly html?: string;
}

export async function checkCommand(targets: readonly string[], options: CheckOptions, io: Io): Promise<number> {
  const sources = targets.length > 0 ? [...targets] : scenarioNames();
  for (const source of sources) loadScenario(source); // bad input fails here, before any worker starts
  const workers = parseWorkers(options.workers, availableParallelism());
  const ratio = Number(options.recheck);
  if (!(ratio >= 0 && ratio <= 1)) throw new InputError('BAD_ARGUMENT', `--recheck ${options.recheck}: expected a share from 0 to 1`);
  const mutants = mutantNames(options.mutant);
  const seeds = parseSeeds(options.seeds);
  let jobs: SweepJob[] = sources.flatMap((source) => seeds.map((seed) => ({ source, seed, swarm: options.swarm, mutants })));
  if (options.shard !== undefined) jobs = shardOf(jobs, parseShard(options.shard));

  const bar = progress(io, jobs.length, 'seqsim check');
  let failed = 0;
  let done = 0;
  const outcome = await sweep(jobs, {
    workers,
    recheckRatio: ratio,
    onRun: (_index, run) => {
      done++;
      if (!run.ok) failed++;
      bar.update(done, failed);
    },
  });
  bar.stop();

  // Nothing stops this sweep: every job has its run.
  const runs = outcome.runs.filter((run) => run !== undefined);
  const summary = summarize(runs, { rechecked: outcome.rechecked, recheckMismatches: outcome.mismatches.length, wallTimeMs: outcome.wallTimeMs });
  const file: SweepFile = { runs, summary };
  if (options.json !== undefined) writeFileSync(options.json, `${JSON.stringify(file, null, 2)}\n`);
  if (options.junit !== undefined) writeFileSync(options.junit, junitXml(runs));
  io.out(sweepReport(runs, summary, outcome.mismatches, io.color, workers));
  if (options.html !== undefined) io.out(io.color.dim(`Wrote ${writeSweepPages(options.html, file, jobs)}`));
  return summary.failed === 0 && outcome.mismatches.length === 0 ? 0 : 1;
}
