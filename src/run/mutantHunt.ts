// Mutant hunting: for each planted bug, sweep swarm seeds in order until a run fails (or, for a bug
// only a sweep can see, until the runs so far fail the pooled latency verdict); the correct system
// must pass every seed the hunt may use, pooled verdict included. A bug no seed catches has escaped.
import { pooledByScenario } from '../report/sweepFile.js';
import { MUTANTS, type Mutant, type MutantName } from '../system/mutants.js';
import { SweepPool } from './pool.js';
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
}

export interface HuntOutcome {
  readonly control: { readonly ok: boolean; readonly runs: number; readonly failures: readonly SweepRun[]; readonly latencyFailures: readonly string[] };
  readonly mutants: readonly MutantVerdict[];
  readonly wallTimeMs: number;
}

export interface HuntOptions {
  readonly source: string;
  readonly seeds: readonly string[];
  readonly mutants: readonly MutantName[];
  readonly workers: number;
  readonly onRound?: (caught: number, seedsTried: number) => void;
}

export async function huntMutants(options: HuntOptions): Promise<HuntOutcome> {
  const startMs = performance.now();
  const { source, seeds } = options;
  const job = (seed: string, mutants: readonly MutantName[]): SweepJob => ({ source, seed, swarm: true, mutants });
  const pool = new SweepPool(options.workers);
  try {
    const control = pool.run(seeds.map((seed) => job(seed, [])));
    const verdicts = new Map<MutantName, MutantVerdict>();
    /** Every run of each pooled mutant so far, in seed order. */
    const pooledRuns = new Map<MutantName, SweepRun[]>();
    // Seeds go out a chunk at a time, so a mutant caught early stops costing runs.
    const chunk = Math.max(8, options.workers * 4);
    for (let from = 0; from < seeds.length && verdicts.size < options.mutants.length; from += chunk) {
      const hunting = options.mutants.filter((name) => !verdicts.has(name));
      const slice = seeds.slice(from, from + chunk);
      const runs = await pool.run(hunting.flatMap((name) => slice.map((seed) => job(seed, [name]))));
      hunting.forEach((name, m) => {
        const mutant: Mutant = MUTANTS[name];
        const mine = runs.slice(m * slice.length, (m + 1) * slice.length);
        const caught = mutant.pooled === true ? firstPooledFailure(pooledRuns, name, mine, from) : firstFailure(mine, from);
        if (caught === undefined) return;
        const { run, seedsToDetect } = caught;
        verdicts.set(name, {
          name,
          caught: true,
          firstSeed: run.seed,
          seedsToDetect,
          invariant: mutant.pooled === true || run.failed.includes(mutant.invariant) ? mutant.invariant : (run.failed[0] ?? run.outcome),
          expectedInvariant: mutant.invariant,
          replay: mutant.pooled === true ? `seqsim check ${source} --seeds 1-${seedsToDetect} --swarm --mutant ${name}` : run.replay,
        });
      });
      options.onRound?.(verdicts.size, Math.min(seeds.length, from + chunk));
    }
    const controlRuns = await control;
    const failures = controlRuns.filter((run) => !run.ok);
    const latencyFailures = pooledFailures(controlRuns);
    return {
      control: { ok: failures.length === 0 && latencyFailures.length === 0, runs: controlRuns.length, failures, latencyFailures },
      mutants: options.mutants.map(
        (name) =>
          verdicts.get(name) ?? { name, caught: false, firstSeed: null, seedsToDetect: null, invariant: null, expectedInvariant: MUTANTS[name].invariant, replay: null },
      ),
      wallTimeMs: performance.now() - startMs,
    };
  } finally {
    await pool.close();
  }
}

/** The first failing run of a chunk that starts at seed index `from`, if any. */
function firstFailure(runs: readonly SweepRun[], from: number): { run: SweepRun; seedsToDetect: number } | undefined {
  const index = runs.findIndex((run) => !run.ok);
  return index < 0 ? undefined : { run: runs[index]!, seedsToDetect: from + index + 1 };
}

/** The first seed at which the mutant's runs so far, pooled, fail the latency verdict. */
function firstPooledFailure(pooled: Map<MutantName, SweepRun[]>, name: MutantName, runs: readonly SweepRun[], from: number): { run: SweepRun; seedsToDetect: number } | undefined {
  const sofar = pooled.get(name) ?? [];
  pooled.set(name, sofar);
  for (const [i, run] of runs.entries()) {
    sofar.push(run);
    if (pooledFailures(sofar).length > 0) return { run, seedsToDetect: from + i + 1 };
  }
  return undefined;
}

/** The pooled latency verdicts these runs fail, one line each. */
function pooledFailures(runs: readonly SweepRun[]): string[] {
  return Object.entries(pooledByScenario(runs)).flatMap(([scenario, classes]) => (classes.healthy.ok === false ? [`${scenario}: pooled healthy p99 ${classes.healthy.p99Ms} ms over ${classes.healthy.boundMs} ms`] : []));
}
