// seqsim mutants: hunt every planted bug with swarm seeds; exit 1 if any escapes, or if the
// correct system fails a seed. SIGINT or SIGTERM stops the hunt and reports what it found.
import { availableParallelism } from 'node:os';
import { compactTable } from '../../report/format.js';
import { mutantNames } from '../../api.js';
import { huntMutants, type HuntOutcome } from '../../run/mutantHunt.js';
import { parseSeeds, parseWorkers } from '../../run/seeds.js';
import { checkSwarmOverrides } from '../../run/seedScenario.js';
import { loadScenario } from '../../scenario/load.js';
import { MUTANT_NAMES } from '../../system/mutants.js';
import { watchInterrupts } from '../interrupt.js';
import { compareSwarmCommand } from './compareSwarm.js';
import type { Io } from '../io.js';

export interface MutantsOptions {
  readonly seeds: string;
  readonly workers?: string;
  readonly scenario: string;
  readonly only: readonly string[];
  readonly json: boolean;
  /** `--set path=value` overrides of the hunt's scenario (they win over each seed's swarm draw). */
  readonly set: readonly string[];
  /** Compare the classic swarm draw with the targeted one instead (compareSwarm.ts). */
  readonly compareSwarm: boolean;
}

export async function mutantsCommand(options: MutantsOptions, io: Io): Promise<number> {
  checkSwarmOverrides(loadScenario(options.scenario, options.set).overrides);
  const workers = parseWorkers(options.workers, availableParallelism());
  const mutants = options.only.length > 0 ? mutantNames(options.only) : MUTANT_NAMES;
  const seeds = parseSeeds(options.seeds);
  if (options.compareSwarm) return compareSwarmCommand({ source: options.scenario, set: options.set, seeds, mutants, workers, json: options.json }, io);
  const interrupt = watchInterrupts(io, 'seqsim mutants');
  let outcome: HuntOutcome;
  try {
    outcome = await huntMutants({
      source: options.scenario,
      set: options.set,
      seeds,
      mutants,
      workers,
      stop: interrupt.stop,
      abort: interrupt.abort,
      onRound: (caught, tried) => {
        if (!options.json) io.err(`seqsim mutants: ${caught}/${mutants.length} caught after ${tried} seeds`);
      },
    });
  } finally {
    interrupt.dispose();
  }
  const escaped = outcome.mutants.filter((m) => !m.caught);
  // A bug its fault alone exposes, caught with the fault left out too, does not need that fault.
  const notExclusive = outcome.mutants.filter((m) => m.withoutFault?.caught === true);
  const ok = escaped.length === 0 && notExclusive.length === 0 && outcome.control.ok;
  const exitCode = outcome.interrupted ? (interrupt.exitCode() ?? 1) : ok ? 0 : 1;
  if (options.json) {
    const { control, mutants: verdicts, interrupted } = outcome;
    io.out(
      JSON.stringify({
        control: { ok: control.ok, runs: control.runs, failures: control.failures.map((f) => ({ seed: f.seed, failed: f.failed, replay: f.replay })), latencyFailures: control.latencyFailures },
        mutants: verdicts.map(({ name, caught, firstSeed, seedsToDetect, invariant, expectedInvariant, replay, withoutFault }) => ({
          name,
          caught,
          firstSeed,
          seedsToDetect,
          invariant,
          expectedInvariant,
          replay,
          ...(withoutFault === undefined ? {} : { withoutFault }),
        })),
        interrupted,
        wallTimeMs: Math.round(outcome.wallTimeMs),
        workers: outcome.workers,
      }),
    );
    return exitCode;
  }
  const c = io.color;
  // An interrupted hunt has not tried every seed on a mutant it has not caught yet.
  const notCaught = outcome.interrupted ? c.yellow('not yet') : c.red.bold('ESCAPED');
  const table = compactTable(['mutant', 'caught', 'first seed', 'seeds to detect', 'invariant', 'without its fault', 'replay']);
  for (const m of outcome.mutants) {
    const without = m.withoutFault === undefined ? '' : m.withoutFault.caught ? c.red(`caught without ${m.withoutFault.faults.join(', ')}`) : c.green(`missed without ${m.withoutFault.faults.join(', ')}`);
    table.push([m.name, m.caught ? c.green('yes') : notCaught, m.firstSeed ?? '', m.seedsToDetect ?? '', m.invariant ?? `(${m.expectedInvariant})`, without, m.replay ?? '']);
  }
  io.out(table.toString());
  const control = outcome.control;
  const of = outcome.interrupted ? `the ${control.runs} of ${seeds.length} seeds it ran` : `all ${control.runs} seeds`;
  io.out(
    control.ok
      ? `Control: the correct system passed ${of}, and their pooled latency.`
      : c.red(
          `Control: the correct system FAILED ${control.failures.length} of ${control.runs} seeds: ${control.failures.slice(0, 5).map((f) => f.replay).join('; ')}` +
            control.latencyFailures.map((line) => `; ${line}`).join(''),
        ),
  );
  const caught = outcome.mutants.length - escaped.length;
  const verdict = outcome.interrupted ? c.yellow.bold('INTERRUPTED') : ok ? c.green.bold('PASSED') : c.red.bold('FAILED');
  io.out(`${verdict}: ${caught}/${outcome.mutants.length} mutants caught, in ${(outcome.wallTimeMs / 1000).toFixed(1)} s on ${outcome.workers} worker${outcome.workers === 1 ? '' : 's'}`);
  return exitCode;
}
