// Mutant hunting: for each planted bug, sweep swarm seeds in order until a run fails (or, for a bug
// only a sweep can see, until the runs so far fail the pooled latency verdict); the correct system
// must pass every seed the hunt may use, pooled verdict included. A bug no seed catches has escaped
// the harness. An interrupted hunt reports what it had found: a bug not caught yet is undecided.
import { pooledByScenario } from '../report/sweepFile.js';
import { shellQuote } from '../scenario/compile.js';
import { MUTANTS, type Mutant, type MutantName } from '../system/mutants.js';
import type { FaultKind } from '../faults/kinds.js';
import { poolSize, SweepPool, type Interruption, type SweepResults } from './pool.js';
import type { SweepJob, SweepRun } from './sweepJob.js';

export interface MutantVerdict {
  readonly name: MutantName;
  readonly caught: boolean;
  readonly firstSeed: string | null;
  /** How many seeds, in order, it took to catch it. */
  readonly seedsToDetect: number | null;
  /** The invariant that caught it (its documented one when that fired, else the first that did). */
  readonly invariant: string | null;
  readonly expectedInvariant: string;
  readonly replay: string | null;
  /**
   * For a bug only one fault kind can expose: the same seeds with that kind left out of the swarm
   * draw (every other draw unchanged). `caught` false is the proof the fault is needed.
   */
  readonly withoutFault?: { readonly faults: readonly string[]; readonly caught: boolean; readonly replay: string | null };
}

export interface HuntOutcome {
  readonly control: { readonly ok: boolean; readonly runs: number; readonly failures: readonly SweepRun[]; readonly latencyFailures: readonly string[] };
  readonly mutants: readonly MutantVerdict[];
  /** Stopped (SIGINT, SIGTERM) before the control ran every seed and each mutant was caught or ran them all. */
  readonly interrupted: boolean;
  /** The threads it ran on: those asked for, or fewer if it had fewer runs. */
  readonly workers: number;
  readonly wallTimeMs: number;
}

export interface HuntOptions extends Interruption {
  readonly source: string;
  /** `--set` overrides of the scenario, on every run of the hunt. */
  readonly set?: readonly string[];
  readonly seeds: readonly string[];
  readonly mutants: readonly MutantName[];
  readonly workers: number;
  readonly onRound?: (caught: number, seedsTried: number) => void;
}

export async function huntMutants(options: HuntOptions): Promise<HuntOutcome> {
  const startMs = performance.now();
  const { source, seeds } = options;
  const set = options.set ?? [];
  // Each bug is hunted on its own base when the catalogue names one.
  const sourceOf = (mutants: readonly MutantName[]) => (mutants.length === 1 ? ((MUTANTS[mutants[0]!] as Mutant).huntOn ?? source) : source);
  const job = (seed: string, mutants: readonly MutantName[], swarmWithout: readonly FaultKind[] = []): SweepJob => ({
    source: sourceOf(mutants),
    seed,
    swarm: true,
    mutants,
    swarmWithout,
    ...(set.length === 0 ? {} : { set }),
  });
  const interruption: Interruption = { stop: options.stop, abort: options.abort };
  const workers = poolSize(options.workers, seeds.length * (1 + options.mutants.length));
  const pool = new SweepPool(workers);
  try {
    const control = pool.run(
      seeds.map((seed) => job(seed, [])),
      interruption,
    );
    const verdicts = new Map<MutantName, MutantVerdict>();
    /** Every run of each pooled mutant so far, in seed order. */
    const pooledRuns = new Map<MutantName, SweepRun[]>();
    // Seeds go out a chunk at a time, so a mutant caught early stops costing runs.
    const chunk = Math.max(8, options.workers * 4);
    let from = 0;
    let huntCut = false;
    for (; from < seeds.length && verdicts.size < options.mutants.length && options.stop?.aborted !== true; from += chunk) {
      const hunting = options.mutants.filter((name) => !verdicts.has(name));
      const slice = seeds.slice(from, from + chunk);
      const runs = await pool.run(
        hunting.flatMap((name) => slice.map((seed) => job(seed, [name]))),
        interruption,
      );
      hunting.forEach((name, m) => {
        const mutant: Mutant = MUTANTS[name];
        const mine = runs.slice(m * slice.length, (m + 1) * slice.length);
        const caught = mutant.pooled === true ? firstPooledFailure(pooledRuns, name, mine, from) : firstFailure(mine, from);
        // A seed not run before the deciding one leaves the mutant undecided.
        if (caught === 'undecided') huntCut = true;
        if (caught === undefined || caught === 'undecided') return;
        const { run, seedsToDetect } = caught;
        verdicts.set(name, {
          name,
          caught: true,
          firstSeed: run.seed,
          seedsToDetect,
          invariant: mutant.pooled === true || run.failed.includes(mutant.invariant) ? mutant.invariant : (run.failed[0] ?? run.outcome),
          expectedInvariant: mutant.invariant,
          replay: mutant.pooled === true ? `seqsim check ${sourceOf([name])} --seeds 1-${seedsToDetect} --swarm --mutant ${name}${set.map((o) => ` --set ${shellQuote(o)}`).join('')}` : run.replay,
        });
      });
      options.onRound?.(verdicts.size, Math.min(seeds.length, from + chunk));
    }
    await huntWithoutFaults(verdicts, seeds.map((seed) => (name: MutantName, without: readonly FaultKind[]) => job(seed, [name], without)), pool, interruption);
    const controlRuns = (await control).filter((run) => run !== undefined);
    const failures = controlRuns.filter((run) => !run.ok);
    const latencyFailures = pooledFailures(controlRuns);
    huntCut ||= from < seeds.length && verdicts.size < options.mutants.length;
    return {
      control: { ok: failures.length === 0 && latencyFailures.length === 0, runs: controlRuns.length, failures, latencyFailures },
      mutants: options.mutants.map(
        (name) =>
          verdicts.get(name) ?? { name, caught: false, firstSeed: null, seedsToDetect: null, invariant: null, expectedInvariant: MUTANTS[name].invariant, replay: null },
      ),
      interrupted: controlRuns.length < seeds.length || huntCut,
      workers,
      wallTimeMs: performance.now() - startMs,
    };
  } finally {
    await pool.close();
  }
}

/**
 * For each caught bug only one fault family can expose: the seeds that caught it (the first to the
 * catching one) again, with those kinds left out of the draw.
 */
async function huntWithoutFaults(
  verdicts: Map<MutantName, MutantVerdict>,
  jobs: readonly ((name: MutantName, without: readonly FaultKind[]) => SweepJob)[],
  pool: SweepPool,
  interruption: Interruption,
): Promise<void> {
  const exposed = [...verdicts.values()].filter((verdict) => verdict.caught && (MUTANTS[verdict.name] as Mutant).exposedBy !== undefined);
  const seedsOf = (verdict: MutantVerdict) => jobs.slice(0, verdict.seedsToDetect ?? jobs.length);
  const runs = await pool.run(
    exposed.flatMap((verdict) => seedsOf(verdict).map((job) => job(verdict.name, (MUTANTS[verdict.name] as Mutant).exposedBy as readonly FaultKind[]))),
    interruption,
  );
  let from = 0;
  for (const verdict of exposed) {
    const count = seedsOf(verdict).length;
    const failed = runs.slice(from, from + count).find((run) => run !== undefined && !run.ok);
    from += count;
    const faults = (MUTANTS[verdict.name] as Mutant).exposedBy!;
    verdicts.set(verdict.name, { ...verdict, withoutFault: { faults, caught: failed !== undefined, replay: failed?.replay ?? null } });
  }
}

type Catch = { run: SweepRun; seedsToDetect: number } | 'undecided' | undefined;

/** The first failing run of a chunk that starts at seed index `from`, if any. */
function firstFailure(runs: SweepResults, from: number): Catch {
  const index = runs.findIndex((run) => run?.ok !== true);
  if (index < 0) return undefined;
  const run = runs[index];
  return run === undefined ? 'undecided' : { run, seedsToDetect: from + index + 1 };
}

/** The first seed at which the mutant's runs so far, pooled, fail the latency verdict. */
function firstPooledFailure(pooled: Map<MutantName, SweepRun[]>, name: MutantName, runs: SweepResults, from: number): Catch {
  const sofar = pooled.get(name) ?? [];
  pooled.set(name, sofar);
  for (const [i, run] of runs.entries()) {
    if (run === undefined) return 'undecided';
    sofar.push(run);
    if (pooledFailures(sofar).length > 0) return { run, seedsToDetect: from + i + 1 };
  }
  return undefined;
}

/** The pooled latency verdicts these runs fail, one line each. */
export function pooledFailures(runs: readonly SweepRun[]): string[] {
  return Object.entries(pooledByScenario(runs)).flatMap(([scenario, classes]) => (classes.healthy.ok === false ? [`${scenario}: pooled healthy p99 ${classes.healthy.p99Ms} ms over ${classes.healthy.boundMs} ms`] : []));
}
