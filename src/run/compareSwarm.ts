// `seqsim mutants --compare-swarm`: what aiming the swarm buys. Every planted bug, and the correct
// system, runs on every seed with the classic draw and with the targeted one, in one pool: per
// draw, the seeds it took to catch each bug (the first failing seed, or for a bug only the pooled
// latency verdict sees, the first seed at which the runs so far fail it) and how many of the seeds
// caught it (for a pooled bug: how many runs' own healthy deliveries broke the SLO share, the
// evidence the pooled verdict adds up). Each bug runs every seed, so the catch rates are exact.
import type { SwarmDraw } from '../faults/swarmDraws.js';
import { overSloShare } from '../oracle/pooledLatency.js';
import { MUTANTS, type Mutant, type MutantName } from '../system/mutants.js';
import { pooledFailures, type HuntOptions } from './mutantHunt.js';
import { lowerTailP } from './rateTest.js';
import { shellQuote } from '../scenario/compile.js';
import { poolSize, SweepPool } from './pool.js';
import type { SweepJob, SweepRun } from './sweepJob.js';

/** The draws compared, the old one first. */
export const COMPARED_DRAWS: readonly SwarmDraw[] = ['classic', 'targeted'];

export interface DrawDetection {
  /** How many seeds, in order, it took to catch the bug; null if none did. */
  readonly seedsToDetect: number | null;
  /** Seeds whose run failed; for a bug only a sweep's pooled verdict sees, whose run was slow beyond the SLO share. */
  readonly caught: number;
  /** Seeds run (fewer than asked for when interrupted). */
  readonly seeds: number;
  readonly replay: string | null;
}

export interface MutantComparison {
  readonly name: MutantName;
  readonly byDraw: Record<SwarmDraw, DrawDetection>;
  /**
   * The targeted draw misses it, or catches it on fewer seeds than the classic one beyond chance
   * (one-sided Fisher test, p < SLOWER_P), a pooled bug included. The first failing seed alone is
   * one draw of a geometric variable: at a 5% rate it lands anywhere from 1 to 60, so two draws with
   * the same rate disagree on it every other time.
   */
  readonly slower: boolean;
}

export interface ControlOfDraw {
  readonly runs: number;
  readonly failures: readonly SweepRun[];
  readonly latencyFailures: readonly string[];
}

export interface SwarmComparison {
  readonly control: Record<SwarmDraw, ControlOfDraw>;
  readonly mutants: readonly MutantComparison[];
  readonly interrupted: boolean;
  readonly wallTimeMs: number;
}

/** What `seqsim mutants` hunts with (scenario, seeds, mutants, workers), and a progress callback. */
export interface CompareOptions extends Omit<HuntOptions, 'onRound'> {
  /** Called as each run comes back: runs done so far, and the correct system's failed runs among them. */
  readonly onRun?: (done: number, controlFailed: number) => void;
}

export async function compareSwarm(options: CompareOptions): Promise<SwarmComparison> {
  const startMs = performance.now();
  const { source, seeds } = options;
  const set = (options.set ?? []).length === 0 ? {} : { set: options.set };
  const subjects: (MutantName | null)[] = [null, ...options.mutants];
  // A bug is hunted on its own base when the catalogue names one, as `seqsim mutants` does.
  const sourceOf = (mutant: MutantName | null) => (mutant === null ? source : ((MUTANTS[mutant] as Mutant).huntOn ?? source));
  const jobs: SweepJob[] = COMPARED_DRAWS.flatMap((swarmDraw) =>
    subjects.flatMap((mutant) => seeds.map((seed): SweepJob => ({ source: sourceOf(mutant), seed, swarm: true, swarmDraw, mutants: mutant === null ? [] : [mutant], ...set }))),
  );
  const pool = new SweepPool(poolSize(options.workers, jobs.length));
  let done = 0;
  let controlFailed = 0;
  const isControl = (index: number) => index % (subjects.length * seeds.length) < seeds.length;
  let results: (SweepRun | undefined)[];
  try {
    const onRun = (index: number, run: SweepRun) => {
      if (!run.ok && isControl(index)) controlFailed++;
      options.onRun?.(++done, controlFailed);
    };
    results = await pool.run(jobs, { stop: options.stop, abort: options.abort, onRun });
  } finally {
    await pool.close();
  }
  /** The runs of one draw and subject, in seed order, up to the first seed not run. */
  const runsOf = (draw: SwarmDraw, subject: number): SweepRun[] => {
    const from = (COMPARED_DRAWS.indexOf(draw) * subjects.length + subject) * seeds.length;
    const slice = results.slice(from, from + seeds.length);
    const missing = slice.indexOf(undefined);
    return (missing < 0 ? slice : slice.slice(0, missing)) as SweepRun[];
  };
  const control = perDraw((draw): ControlOfDraw => {
    const runs = runsOf(draw, 0);
    return { runs: runs.length, failures: runs.filter((run) => !run.ok), latencyFailures: pooledFailures(runs) };
  });
  const mutants = options.mutants.map((name, m): MutantComparison => {
    const byDraw = perDraw((draw) => detection(name, sourceOf(name), draw, runsOf(draw, m + 1), options.set ?? []));
    return { name, byDraw, slower: isSlower(byDraw.classic, byDraw.targeted) };
  });
  return { control, mutants, interrupted: results.includes(undefined), wallTimeMs: performance.now() - startMs };
}

/** A targeted catch rate this unlikely under the classic one's is lower, not unlucky. */
export const SLOWER_P = 0.05;

function isSlower(classic: DrawDetection, targeted: DrawDetection): boolean {
  if (classic.seedsToDetect === null) return false;
  if (targeted.seedsToDetect === null) return true;
  return lowerTailP(classic.caught, classic.seeds, targeted.caught, targeted.seeds) < SLOWER_P;
}

function perDraw<T>(value: (draw: SwarmDraw) => T): Record<SwarmDraw, T> {
  return { classic: value('classic'), targeted: value('targeted') };
}

function detection(name: MutantName, source: string, draw: SwarmDraw, runs: readonly SweepRun[], set: readonly string[]): DrawDetection {
  const mutant: Mutant = MUTANTS[name];
  if (mutant.pooled === true) {
    const index = runs.findIndex((_, i) => pooledFailures(runs.slice(0, i + 1)).length > 0);
    const seedsToDetect = index < 0 ? null : index + 1;
    const replay = seedsToDetect === null ? null : `seqsim check ${source} --seeds 1-${seedsToDetect} --swarm --swarm-draw ${draw} --mutant ${name}${set.map((o) => ` --set ${shellQuote(o)}`).join('')}`;
    return { seedsToDetect, caught: runs.filter((run) => overSloShare(run.latency.healthy)).length, seeds: runs.length, replay };
  }
  const index = runs.findIndex((run) => !run.ok);
  return { seedsToDetect: index < 0 ? null : index + 1, caught: runs.filter((run) => !run.ok).length, seeds: runs.length, replay: index < 0 ? null : runs[index]!.replay };
}
