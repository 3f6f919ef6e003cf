// Mutant hunting: for each planted bug, sweep swarm seeds in order until a run fails; the correct
// system must pass every seed the hunt may use. A bug no seed catches has escaped the harness. An
// interrupted hunt reports what it had found: a bug not caught yet is undecided, not escaped.
import { MUTANTS, type MutantName } from '../system/mutants.js';
import { SweepPool, type Interruption } from './pool.js';
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
  readonly control: { readonly ok: boolean; readonly runs: number; readonly failures: readonly SweepRun[] };
  readonly mutants: readonly MutantVerdict[];
  /** Stopped (SIGINT, SIGTERM) before the control ran every seed and each mutant was caught or ran them all. */
  readonly interrupted: boolean;
  readonly wallTimeMs: number;
}

export interface HuntOptions extends Interruption {
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
  const interruption: Interruption = { stop: options.stop, abort: options.abort };
  const pool = new SweepPool(options.workers);
  try {
    const control = pool.run(
      seeds.map((seed) => job(seed, [])),
      interruption,
    );
    const verdicts = new Map<MutantName, MutantVerdict>();
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
        // The first seed in order that fails catches it; one not run before that leaves it undecided.
        const index = slice.findIndex((_, i) => runs[m * slice.length + i]?.ok !== true);
        if (index < 0) return;
        const run = runs[m * slice.length + index];
        if (run === undefined) {
          huntCut = true;
          return;
        }
        const expected = MUTANTS[name].invariant;
        verdicts.set(name, {
          name,
          caught: true,
          firstSeed: run.seed,
          seedsToDetect: from + index + 1,
          invariant: run.failed.includes(expected) ? expected : (run.failed[0] ?? run.outcome),
          expectedInvariant: expected,
          replay: run.replay,
        });
      });
      options.onRound?.(verdicts.size, Math.min(seeds.length, from + chunk));
    }
    const controlRuns = (await control).filter((run) => run !== undefined);
    const failures = controlRuns.filter((run) => !run.ok);
    huntCut ||= from < seeds.length && verdicts.size < options.mutants.length;
    return {
      control: { ok: failures.length === 0, runs: controlRuns.length, failures },
      mutants: options.mutants.map(
        (name) =>
          verdicts.get(name) ?? { name, caught: false, firstSeed: null, seedsToDetect: null, invariant: null, expectedInvariant: MUTANTS[name].invariant, replay: null },
      ),
      interrupted: controlRuns.length < seeds.length || huntCut,
      wallTimeMs: performance.now() - startMs,
    };
  } finally {
    await pool.close();
  }
}
