// seqsim check: sweep seeds of scenarios on worker threads, with a determinism self-check;
// exit 1 if any run failed, listing each with the command that replays it.
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { mutantNames } from '../../api.js';
import { junitXml } from '../../report/junit.js';
import { summarize, sweepOk, type SweepFile } from '../../report/sweepFile.js';
import { writeSweepPages } from '../../report/sweepPages.js';
import { sweepReport } from '../../report/sweepTerminal.js';
import { parseRecheck, parseSeeds, parseShard, parseWorkers, shardOf } from '../../run/seeds.js';
import { sweep } from '../../run/sweep.js';
import type { SweepJob } from '../../run/sweepJob.js';
import { loadScenario, scenarioNames } from '../../scenario/load.js';
import { warn, type Io } from '../io.js';
import { checkOutputDir, checkOutputFile } from '../outputPaths.js';
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
  // Bad input fails here, before any worker starts; swarm mode replaces the faults warned about.
  for (const source of sources) {
    const { warnings } = loadScenario(source);
    if (!options.swarm) warn(io, warnings);
  }
  const workers = parseWorkers(options.workers, availableParallelism());
  const ratio = parseRecheck(options.recheck);
  if (options.json !== undefined) checkOutputFile('--json', options.json);
  if (options.junit !== undefined) checkOutputFile('--junit', options.junit);
  if (options.html !== undefined) checkOutputDir('--html', options.html);
  const mutants = mutantNames(options.mutant);
  const seeds = parseSeeds(options.seeds);
  let jobs: SweepJob[] = sources.flatMap((source) => seeds.map((seed) => ({ source, seed, swarm: options.swarm, mutants })));
  if (options.shard !== undefined) jobs = shardOf(jobs, parseShard(options.shard));

  const bar = progress(io, jobs.length, 'seqsim check');
  let failed = 0;
  const outcome = await sweep(jobs, {
    workers,
    recheckRatio: ratio,
    onProgress: (done, batch) => {
      failed += batch.filter((run) => !run.ok).length;
      bar.update(done, failed);
    },
  });
  bar.stop();

  const summary = summarize(outcome.runs, { rechecked: outcome.rechecked, recheckMismatches: outcome.mismatches.length, wallTimeMs: outcome.wallTimeMs });
  const file: SweepFile = { runs: outcome.runs, summary };
  if (options.json !== undefined) writeFileSync(options.json, `${JSON.stringify(file, null, 2)}\n`);
  if (options.junit !== undefined) writeFileSync(options.junit, junitXml(outcome.runs, summary));
  io.out(sweepReport(outcome.runs, summary, outcome.mismatches, io.color, workers));
  if (options.html !== undefined) io.out(io.color.dim(`Wrote ${writeSweepPages(options.html, file, jobs)}`));
  return sweepOk(summary, outcome.mismatches.length) ? 0 : 1;
}
