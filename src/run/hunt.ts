// `seqsim hunt`: a coverage-guided search for failures. It starts from targeted swarm draws, keeps
// the runs that reach coverage no run before reached (HuntCorpus), and draws most new runs by
// mutating a kept run's fault schedule (shift a time, retarget, add or drop a fault), keeping its
// seed. Runs go out in batches of a fixed size and their results are taken in batch order, so a hunt
// is a pure function of its seed and budget, however many workers run it. Every run's scenario is
// recorded (a failing one is written to a file by the caller): its replay is `seqsim run FILE --seed S`.
import { join } from 'node:path';
import { fitDrawnFaults } from '../faults/fitDrawn.js';
import { mutateSchedule } from '../faults/scheduleMutations.js';
import type { Override } from '../scenario/overrides.js';
import type { Scenario } from '../scenario/schema.js';
import { RandomStream } from '../sim/random.js';
import type { MutantName } from '../system/mutants.js';
import { HuntCorpus } from './huntCorpus.js';
import { poolSize, SweepPool, type Interruption } from './pool.js';
import { seedScenario } from './seedScenario.js';
import type { SweepJob, SweepRun } from './sweepJob.js';

/** Runs per batch: fixed, so that the hunt does not depend on the number of workers. */
const BATCH_RUNS = 8;
/** Of each batch after the first, runs drawn fresh from the targeted swarm rather than mutated. */
const FRESH_RUNS = 2;
/** Mutations applied to a parent's schedule for one child: 1 to this many. */
const MUTATIONS_MAX = 3;

export interface HuntOptions extends Interruption {
  /** The scenario as named on the command line, and as loaded. */
  readonly source: string;
  readonly scenario: Scenario;
  /** `--set` overrides it was loaded with: they win over each fresh swarm draw, as in a sweep. */
  readonly overrides?: readonly Override[];
  readonly seed: string;
  readonly budget: number;
  readonly mutants: readonly MutantName[];
  readonly workers: number;
  /** Where the scenario files of failed runs go (their replay commands name them). */
  readonly outDir: string;
  readonly onBatch?: (progress: HuntProgress) => void;
}

export interface HuntCoverage {
  /** Points reached by some run. */
  readonly hit: number;
  /** Points that could apply to some run. */
  readonly total: number;
}

export interface HuntProgress {
  readonly runs: number;
  readonly coverage: HuntCoverage;
  /** Points the batch reached that no run before had. */
  readonly newPoints: readonly string[];
  readonly corpus: number;
  readonly failures: number;
}

export interface HuntFailure {
  readonly run: SweepRun;
  /** The run's scenario, fault schedule and all, to write to `file`. */
  readonly scenario: Scenario;
  readonly file: string;
  /** Where its schedule came from: a fresh swarm draw, or which run it mutated and how. */
  readonly origin: string;
}

export interface HuntOutcome {
  readonly runs: number;
  readonly coverage: HuntCoverage;
  readonly failures: readonly HuntFailure[];
  /** Stopped by SIGINT or SIGTERM before the budget was spent. */
  readonly interrupted: boolean;
  readonly wallTimeMs: number;
}

interface Candidate {
  readonly index: number;
  readonly scenario: Scenario;
  readonly seed: string;
  readonly origin: string;
}

export async function hunt(options: HuntOptions): Promise<HuntOutcome> {
  const startMs = performance.now();
  const random = new RandomStream(`hunt/${options.seed}`);
  const corpus = new HuntCorpus<Candidate>();
  /** Every point that applied to some run, and whether some run reached it. */
  const points = new Map<string, boolean>();
  const coverage = (): HuntCoverage => ({ hit: [...points.values()].filter((hit) => hit).length, total: points.size });
  const failures: HuntFailure[] = [];
  let runs = 0;
  let interrupted = false;
  // A round runs BATCH_RUNS candidates at most: more threads than that would idle.
  const pool = new SweepPool(poolSize(options.workers, Math.min(BATCH_RUNS, options.budget)));
  try {
    while (runs < options.budget && !interrupted) {
      const batch = Array.from({ length: Math.min(BATCH_RUNS, options.budget - runs) }, (_, k) => candidate(options, random, corpus, runs + k + 1, k < FRESH_RUNS));
      const results = await pool.run(
        batch.map((c): SweepJob => ({ source: fileOf(options, c), seed: c.seed, swarm: false, mutants: options.mutants, scenario: c.scenario })),
        { stop: options.stop, abort: options.abort },
      );
      const newPoints: string[] = [];
      for (const [k, c] of batch.entries()) {
        const run = results[k];
        if (run === undefined) {
          interrupted = true;
          break;
        }
        runs++;
        for (const [name, hits] of Object.entries(run.coverage ?? {})) points.set(name, points.get(name) === true || hits > 0);
        newPoints.push(...corpus.add(c, run.coverage ?? {}));
        if (!run.ok) failures.push({ run, scenario: c.scenario, file: fileOf(options, c), origin: c.origin });
      }
      interrupted ||= options.stop?.aborted === true && runs < options.budget;
      options.onBatch?.({ runs, coverage: coverage(), newPoints, corpus: corpus.size, failures: failures.length });
    }
  } finally {
    await pool.close();
  }
  return { runs, coverage: coverage(), failures, interrupted, wallTimeMs: performance.now() - startMs };
}

/** The index-th run: a fresh targeted swarm draw, or a mutation of a kept run (keeping its seed). */
function candidate(options: HuntOptions, random: RandomStream, corpus: HuntCorpus<Candidate>, index: number, fresh: boolean): Candidate {
  if (fresh || corpus.size === 0) {
    const seed = `${options.seed}.${index}`;
    return { index, seed, scenario: seedScenario(options.scenario, options.overrides ?? [], seed, { swarm: true, draw: 'targeted' }), origin: 'swarm draw' };
  }
  const parent = corpus.pick(random);
  let scenario = parent.scenario;
  const applied: string[] = [];
  for (let i = random.int(1, MUTATIONS_MAX + 1); i > 0; i--) {
    const mutated = mutateSchedule(scenario, random);
    scenario = mutated.scenario;
    applied.push(mutated.mutation);
  }
  return { index, seed: parent.seed, scenario: fitDrawnFaults(scenario), origin: `run ${parent.index}, ${applied.join(', ')}` };
}

function fileOf(options: HuntOptions, c: Candidate): string {
  return join(options.outDir, `run-${c.index}.yaml`);
}
