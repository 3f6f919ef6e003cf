// What `check --resume FILE` continues: the journal FILE.partial if there is one (a sweep was
// running after FILE was last written, or was killed before it could write FILE), else FILE, the
// result of an interrupted (or finished) sweep. Either must hold the very sweep the command asks
// for: same seqsim version, arguments, scenarios and jobs.
import { existsSync } from 'node:fs';
import { sweepDifference, type SweepIdentity } from '../run/sweepIdentity.js';
import type { SweepJob, SweepRun } from '../run/sweepJob.js';
import { InputError } from '../scenario/errors.js';
import { readSweepFile, summarize, type SweepFile, type SweepInput } from './sweepFile.js';
import { JOURNAL_SUFFIX, readJournal } from './sweepJournal.js';

export interface PriorSweep {
  /** The runs it has, by job index. */
  readonly runs: readonly (SweepRun | undefined)[];
  /** Where the resumed sweep writes its result (unless --json says elsewhere): FILE, not FILE.partial. */
  readonly jsonFile: string;
  /** The file of a sweep that had already finished: there is nothing left to run. */
  readonly finished: SweepFile | null;
}

export function readPriorSweep(path: string, current: SweepIdentity, jobs: readonly SweepJob[]): PriorSweep {
  const jsonFile = path.endsWith(JOURNAL_SUFFIX) ? path.slice(0, -JOURNAL_SUFFIX.length) : path;
  const journal = `${jsonFile}${JOURNAL_SUFFIX}`;
  const sameSweep = (recorded: SweepIdentity) => {
    const difference = sweepDifference(recorded, current);
    if (difference !== null) throw new InputError('BAD_ARGUMENT', `--resume ${path}: not the same sweep: ${difference}`);
  };
  if (path === journal || existsSync(journal)) {
    const { sweep, runs } = readJournal(journal);
    sameSweep(sweep);
    return { runs: placed(journal, jobs, runs), jsonFile, finished: null };
  }
  const data = readSweepFile(jsonFile);
  if (data.sweep === undefined) throw new InputError('BAD_REPORT', `${jsonFile}: cannot be resumed: it names no sweep (merge wrote it, or a seqsim too old to resume)`);
  sameSweep(data.sweep);
  const finished: SweepFile | null = data.summary.interrupted === true ? null : { runs: data.runs, summary: summarize(data.runs, data.summary) };
  return { runs: placed(jsonFile, jobs, doneRuns(jsonFile, data, jobs.length)), jsonFile, finished };
}

/** A result file lists its runs in job order, leaving out the pending jobs: the runs by job index. */
function doneRuns(file: string, data: SweepInput, jobs: number): Map<number, SweepRun> {
  const pending = new Array<boolean>(jobs).fill(false);
  for (const [from, to] of data.pending ?? []) {
    if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from <= to && to < jobs)) throw new InputError('BAD_REPORT', `${file}: pending jobs [${from}, ${to}] are not jobs of its sweep`);
    pending.fill(true, from, to + 1);
  }
  const done = pending.flatMap((isPending, job) => (isPending ? [] : [job]));
  if (done.length !== data.runs.length) throw new InputError('BAD_REPORT', `${file}: holds ${data.runs.length} runs, but ${done.length} of its jobs are done`);
  return new Map(done.map((job, k) => [job, data.runs[k]!]));
}

/** The runs as an array by job index, each checked against its job's seed and scenario name. */
function placed(file: string, jobs: readonly SweepJob[], runs: ReadonlyMap<number, SweepRun>): (SweepRun | undefined)[] {
  const byJob = new Array<SweepRun | undefined>(jobs.length).fill(undefined);
  for (const [job, run] of runs) {
    const expected = jobs[job];
    if (expected?.seed !== run.seed) throw new InputError('BAD_REPORT', `${file}: its run of job ${job} is seed ${run.seed}, not ${expected?.seed ?? 'a job of this sweep'}`);
    const name = expected.scenario?.name ?? expected.source;
    if (run.scenario !== name) throw new InputError('BAD_REPORT', `${file}: its run of job ${job} is of scenario ${run.scenario}, not ${name}`);
    byJob[job] = run;
  }
  return byJob;
}
