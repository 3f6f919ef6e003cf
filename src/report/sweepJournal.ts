// The journal of a sweep in progress: `check --json FILE` keeps FILE.partial, JSON Lines, a header
// saying which sweep it is, then a line per finished run, written the moment the run comes back.
// A sweep killed at any point (SIGKILL, an evicted pod, a power cut of the process) keeps every run
// it had: `--resume FILE` reads them back. A finished or interrupted sweep writes FILE and removes
// its journal.
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { z } from 'zod';
import type { SweepIdentity } from '../run/sweepIdentity.js';
import type { SweepRun } from '../run/sweepJob.js';
import { InputError } from '../scenario/errors.js';
import { describeIssues } from '../scenario/issues.js';
import { readTextFile } from '../scenario/readInput.js';
import { writeChunked } from './chunkedWrite.js';
import { sweepIdentityShape, sweepRunShape } from './sweepShapes.js';

export const JOURNAL_SUFFIX = '.partial';

/** The header's tag, which tells a journal from any other JSON Lines file. */
const JOURNAL = 'seqsim sweep journal';

interface JournalHeader {
  readonly journal: typeof JOURNAL;
  readonly sweep: SweepIdentity;
}

interface JournalLine {
  /** The run's index in the sweep's job list. */
  readonly job: number;
  readonly run: SweepRun;
}

const lineOf = (job: number, run: SweepRun): string => `${JSON.stringify({ job, run } satisfies JournalLine)}\n`;

function* journalLines(header: JournalHeader, done: readonly (SweepRun | undefined)[]): Generator<string> {
  yield `${JSON.stringify(header)}\n`;
  for (let job = 0; job < done.length; job++) if (done[job] !== undefined) yield lineOf(job, done[job]!);
}

export class SweepJournal {
  private constructor(
    readonly file: string,
    private readonly fd: number,
  ) {}

  /** Starts a journal holding the runs a resumed sweep already has (`done`, by job index). */
  static start(file: string, sweep: SweepIdentity, done: readonly (SweepRun | undefined)[] = []): SweepJournal {
    const header: JournalHeader = { journal: JOURNAL, sweep };
    // Written aside, then renamed over the old journal (which may be the one resumed from): a kill
    // in between leaves one whole journal or the other.
    const fresh = `${file}.new`;
    try {
      // A link at the aside name would be written through.
      rmSync(fresh, { force: true });
      writeChunked(fresh, journalLines(header, done));
      renameSync(fresh, file);
      return new SweepJournal(file, openSync(file, 'a'));
    } catch (error) {
      // Said before any run starts, rather than after the sweep when the result is written.
      throw new InputError('BAD_ARGUMENT', `${file}: cannot write the sweep's journal (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  }

  /** One write per run, so that it is in the OS's hands before the next run comes back. */
  append(job: number, run: SweepRun): void {
    writeSync(this.fd, lineOf(job, run));
  }

  /** The sweep has written its result file: the journal has nothing left to keep. */
  remove(): void {
    closeSync(this.fd);
    rmSync(this.file, { force: true });
  }
}

export interface JournalContents {
  readonly sweep: SweepIdentity;
  /** The runs it holds, by job index. */
  readonly runs: ReadonlyMap<number, SweepRun>;
}

/** The largest journal read back: as large as a result file may be (readJson.ts). */
const MAX_JOURNAL_BYTES = 500 * 2 ** 20;

const headerShape = z.object({ journal: z.literal(JOURNAL), sweep: sweepIdentityShape });
const lineShape = z.object({ job: z.number().int().nonnegative(), run: sweepRunShape });

export function readJournal(file: string): JournalContents {
  const text = readTextFile(file, MAX_JOURNAL_BYTES);
  const lines = text.split('\n');
  // A process killed mid-write leaves its last line cut short: that run is simply run again.
  const parsed = lines.flatMap((line, i) => {
    try {
      return [JSON.parse(line) as unknown];
    } catch {
      if (i === lines.length - 1) return [];
      throw new InputError('BAD_REPORT', `${file}:${i + 1}: not a JSON line of a sweep journal`);
    }
  });
  const header = headerShape.safeParse(parsed[0]);
  if (!header.success) throw new InputError('BAD_REPORT', `${file}: not a seqsim sweep journal (its first line: ${describeIssues(header.error)})`);
  const { sweep } = header.data;
  const runs = new Map<number, SweepRun>();
  parsed.slice(1).forEach((entry, i) => {
    const line = lineShape.safeParse(entry);
    if (!line.success) throw new InputError('BAD_REPORT', `${file}:${i + 2}: not a run of a sweep: ${describeIssues(line.error)}`);
    const { job, run } = line.data;
    if (job >= sweep.jobs) throw new InputError('BAD_REPORT', `${file}:${i + 2}: job ${job} is not one of this sweep's ${sweep.jobs}`);
    // A sweep journals each job once; a second, different run of one would silently replace the first.
    const before = runs.get(job);
    if (before !== undefined && JSON.stringify(before) !== JSON.stringify(run)) {
      throw new InputError('BAD_REPORT', `${file}:${i + 2}: job ${job} is recorded before with another run (${before.outcome}, now ${run.outcome}); a journal holds one run a job`);
    }
    runs.set(job, run as SweepRun);
  });
  return { sweep: sweep as SweepIdentity, runs };
}
