// seqsim check: sweep seeds of scenarios on worker threads, with a determinism self-check;
// exit 1 if any run failed, listing each with the command that replays it. With --json FILE the
// sweep keeps a journal as it goes, so SIGINT, SIGTERM or a kill loses no finished run, and
// --resume FILE runs only the jobs left.
import { existsSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { faultKinds, mutantNames, swarmDrawName } from '../../api.js';
import { junitXml } from '../../report/junit.js';
import { readPriorSweep } from '../../report/priorSweep.js';
import { sweepFileOf, sweepOk, writeSweepFile } from '../../report/sweepFile.js';
import { JOURNAL_SUFFIX, SweepJournal } from '../../report/sweepJournal.js';
import { writeSweepPages } from '../../report/sweepPages.js';
import { sweepReport } from '../../report/sweepTerminal.js';
import { formatCount } from '../../report/format.js';
import { checkSweepSize, parseRecheck, parseSeeds, parseShard, parseWorkers, shardOf } from '../../run/seeds.js';
import { sweep, type SweepOutcome } from '../../run/sweep.js';
import { checkSwarmOverrides } from '../../run/seedScenario.js';
import { sweepIdentity } from '../../run/sweepIdentity.js';
import type { SweepJob } from '../../run/sweepJob.js';
import { InputError } from '../../scenario/errors.js';
import { loadScenario, scenarioNames, type LoadedScenario } from '../../scenario/load.js';
import { watchInterrupts } from '../interrupt.js';
import { warn, type Io } from '../io.js';
import { checkOutputDir, checkOutputFile, checkOutputsDistinct } from '../outputPaths.js';
import { progress } from '../progress.js';

export interface CheckOptions {
  readonly seeds: string;
  readonly workers?: string;
  readonly swarm: boolean;
  readonly swarmDraw?: string;
  readonly withoutFault: readonly string[];
  readonly mutant: readonly string[];
  /** `--set path=value` overrides, part of the sweep's identity. */
  readonly set: readonly string[];
  readonly shard?: string;
  readonly recheck: string;
  readonly junit?: string;
  readonly json?: string;
  /** A directory for index.html and the failed runs' report pages. */
  readonly html?: string;
  /** A journal or result file of this same sweep, interrupted: run only the jobs it has not. */
  readonly resume?: string;
}

export async function checkCommand(targets: readonly string[], options: CheckOptions, io: Io): Promise<number> {
  const sources = targets.length > 0 ? [...targets] : scenarioNames();
  // Bad input fails here, before any worker starts; swarm mode replaces the faults warned about.
  const loaded = sources.map((source) => {
    const scenario = loadScenario(source, options.set);
    if (options.swarm) checkSwarmOverrides(scenario.overrides);
    else warn(io, scenario.warnings);
    return scenario;
  });
  checkNamesDistinct(sources, loaded);
  const scenarios = loaded.map((scenario) => scenario.scenario);
  const workers = parseWorkers(options.workers, availableParallelism());
  const ratio = parseRecheck(options.recheck);
  checkOutputsDistinct([['--json', options.json], ['--junit', options.junit]], loaded.map((scenario) => scenario.file));
  if (options.json !== undefined) checkOutputFile('--json', options.json);
  if (options.junit !== undefined) checkOutputFile('--junit', options.junit);
  if (options.html !== undefined) checkOutputDir('--html', options.html);
  const mutants = mutantNames(options.mutant);
  const swarmDraw = swarmDrawName(options.swarmDraw, options.swarm);
  const seeds = parseSeeds(options.seeds);
  const shard = options.shard === undefined ? undefined : parseShard(options.shard);
  const runs = (sources.length * seeds.length) / (shard?.count ?? 1);
  checkSweepSize(runs, options.json !== undefined || options.resume !== undefined, `--seeds ${options.seeds} over ${formatCount(sources.length)} scenario${sources.length === 1 ? '' : 's'}${shard === undefined ? '' : ` (shard ${options.shard})`}`);
  const swarmWithout = faultKinds(options.withoutFault, options.swarm);
  const set = options.set.length === 0 ? {} : { set: options.set };
  const drawn = { ...(swarmDraw === undefined ? {} : { swarmDraw }), ...(swarmWithout.length > 0 ? { swarmWithout } : {}) };
  let jobs: SweepJob[] = sources.flatMap((source) => seeds.map((seed) => ({ source, seed, swarm: options.swarm, mutants, ...drawn, ...set })));
  if (shard !== undefined) jobs = shardOf(jobs, shard);
  // A shard past the jobs passes with nothing run; merge takes it beside the other shards.
  if (shard !== undefined && jobs.length === 0) warn(io, [`--shard ${options.shard}: holds none of the ${formatCount(sources.length * seeds.length)} jobs (more shards than jobs), so nothing runs`]);
  const identity = sweepIdentity({ scenarios: sources, seeds: options.seeds, swarm: options.swarm, ...(swarmDraw === undefined ? {} : { swarmDraw }), swarmWithout, mutants, shard: options.shard ?? null, set: options.set }, scenarios, jobs);
  // Each job carries its scenario as checked here: a worker never reads the file again (a pipe
  // is read once, and an edit during the sweep would run another scenario under this one's name).
  const loadedBySource = new Map(sources.map((source, i) => [source, loaded[i]!]));
  jobs = jobs.map((job) => {
    const { scenario, overrides } = loadedBySource.get(job.source)!;
    return { ...job, scenario, overrides };
  });
  const prior = options.resume === undefined ? undefined : readPriorSweep(options.resume, identity, jobs);
  if (prior?.finished) {
    io.out(`${prior.jsonFile}: this sweep finished (it was not interrupted); nothing to resume.`);
    io.out(sweepReport(prior.finished.runs, prior.finished.summary, [], io.color, null));
    return sweepOk(prior.finished.summary) ? 0 : 1;
  }
  const jsonFile = options.json ?? prior?.jsonFile;
  const journalFile = jsonFile === undefined ? undefined : `${jsonFile}${JOURNAL_SUFFIX}`;
  if (prior === undefined && journalFile !== undefined && existsSync(journalFile)) {
    io.err(`seqsim check: replacing ${journalFile}, the journal of an unfinished sweep (--resume ${jsonFile} would have continued it)`);
  }
  const journal = journalFile === undefined ? undefined : SweepJournal.start(journalFile, identity, prior?.runs);

  const bar = progress(io, jobs.length, 'seqsim check');
  const priorRuns = prior?.runs.filter((run) => run !== undefined) ?? [];
  let done = priorRuns.length;
  let failed = priorRuns.filter((run) => !run.ok).length;
  if (done > 0) bar.update(done, failed);
  const interrupt = watchInterrupts(io, 'seqsim check');
  let outcome: SweepOutcome;
  try {
    outcome = await sweep(jobs, {
      workers,
      recheckRatio: ratio,
      done: prior?.runs,
      stop: interrupt.stop,
      abort: interrupt.abort,
      onRun: (index, run) => {
        journal?.append(index, run);
        done++;
        if (!run.ok) failed++;
        bar.update(done, failed);
      },
    });
  } finally {
    interrupt.dispose();
    bar.stop();
  }

  const file = sweepFileOf(identity, outcome);
  if (jsonFile !== undefined) {
    writeSweepFile(jsonFile, file);
    journal?.remove();
  }
  if (options.junit !== undefined) writeFileSync(options.junit, junitXml(file.runs, file.summary));
  io.out(sweepReport(file.runs, file.summary, outcome.mismatches, io.color, outcome.workers));
  if (prior !== undefined) io.out(`Resumed: ${formatCount(priorRuns.length)} runs were done before, ${formatCount(outcome.ranRuns)} ran now.`);
  if (options.html !== undefined) {
    const finishedJobs = jobs.filter((_, i) => outcome.runs[i] !== undefined);
    io.out(io.color.dim(`Wrote ${writeSweepPages(options.html, file, finishedJobs)}`));
  }
  if (!outcome.interrupted) return sweepOk(file.summary) ? 0 : 1;
  io.out(
    jsonFile === undefined
      ? `Interrupted: ${formatCount(file.summary.notRun)} jobs not run. Only a sweep with --json FILE can be resumed (with --resume FILE).`
      : `Interrupted: ${formatCount(file.summary.notRun)} jobs not run. To finish the sweep, run the same command with --resume ${jsonFile}`,
  );
  return interrupt.exitCode() ?? 1;
}

/** A sweep keys its runs by scenario name: two scenarios of one name would pool as one and pair wrongly. */
function checkNamesDistinct(sources: readonly string[], loaded: readonly LoadedScenario[]): void {
  const sourceOf = new Map<string, string>();
  loaded.forEach(({ scenario }, i) => {
    const name = scenario.name!;
    const first = sourceOf.get(name);
    if (first !== undefined) {
      const why = first === sources[i] ? `${first} is named twice` : `${first} and ${sources[i]} are both named "${name}"`;
      throw new InputError('BAD_ARGUMENT', `${why}: a sweep keys its runs by scenario name; give each scenario once, with a name of its own (its name: field)`);
    }
    sourceOf.set(name, sources[i]!);
  });
}
