// seqsim mutants --compare-swarm: every planted bug and the correct system on every seed, with the
// classic swarm draw and the targeted one; exit 1 if the correct system fails a seed of either, or
// the targeted draw misses a bug or takes more seeds to catch it than the classic one.
import { comparisonJson, comparisonOk, comparisonReport } from '../../report/compareSwarmReport.js';
import { compareSwarm, type SwarmComparison } from '../../run/compareSwarm.js';
import type { MutantName } from '../../system/mutants.js';
import { watchInterrupts } from '../interrupt.js';
import type { Io } from '../io.js';
import { progress } from '../progress.js';

export interface CompareSwarmOptions {
  readonly source: string;
  /** `--set` overrides, on every run of both draws. */
  readonly set: readonly string[];
  readonly seeds: readonly string[];
  readonly mutants: readonly MutantName[];
  readonly workers: number;
  readonly json: boolean;
}

export async function compareSwarmCommand(options: CompareSwarmOptions, io: Io): Promise<number> {
  const runs = 2 * (options.mutants.length + 1) * options.seeds.length;
  // The bar's "failed" counts the correct system's runs: a planted bug's are meant to fail.
  const bar = progress(io, runs, "seqsim mutants --compare-swarm (the failed count is the correct system's)");
  const interrupt = watchInterrupts(io, 'seqsim mutants');
  let comparison: SwarmComparison;
  try {
    comparison = await compareSwarm({ ...options, stop: interrupt.stop, abort: interrupt.abort, onRun: (done, controlFailed) => bar.update(done, controlFailed) });
  } finally {
    interrupt.dispose();
    bar.stop();
  }
  io.out(options.json ? comparisonJson(comparison) : comparisonReport(comparison, io.color));
  if (comparison.interrupted) return interrupt.exitCode() ?? 1;
  return comparisonOk(comparison) ? 0 : 1;
}
