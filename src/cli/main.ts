#!/usr/bin/env node
// The seqsim command line: parses arguments and dispatches; the commands do the work.
import { Command, CommanderError, Option } from 'commander';
import { InputError } from '../scenario/errors.js';
import { describeFsError } from '../scenario/readInput.js';
import { VERSION } from '../version.js';
import { benchCommand } from './commands/bench.js';
import { checkCommand } from './commands/check.js';
import { compareCommand } from './commands/compare.js';
import { explainCommand } from './commands/explain.js';
import { huntCommand } from './commands/hunt.js';
import { mergeCommand } from './commands/merge.js';
import { mutantsCommand } from './commands/mutants.js';
import { shrinkCommand } from './commands/shrink.js';
import { listCommand } from './commands/list.js';
import { replayCommand } from './commands/replay.js';
import { runCommand } from './commands/run.js';
import { validateCommand } from './commands/validate.js';
import { processIo, type Io } from './io.js';

const EXAMPLES = `
Examples:
  seqsim list                                  the named scenarios
  seqsim list --faults                         every fault kind, where it is used, what only it exposes
  seqsim run subway-tunnel --seed 42           one run, with a readable report
  seqsim run baseline --seed 1 --json          the same as one JSON object
  seqsim run my-scenario.yaml --mutant page-skip --trace
  seqsim run reinstall --set knobs.pageSize=20 --set heal.foreground=false
                                               override any scenario field or knob
  seqsim validate my-scenario.yaml             check it without running it: fault targets, event estimate
  seqsim replay reports/baseline/1/report.json does it reproduce, byte for byte?
  seqsim explain reports/chaos/7/report.json   the violating message, hop by hop
  seqsim check --seeds 1-1000 --swarm --junit junit.xml
                                               every scenario, 1,000 swarm seeds each, in parallel
  seqsim check baseline --seeds 500 --shard 2/4 --json shard2.json
  seqsim check --seeds 1-1000 --swarm --resume sweep.json
                                               finish a sweep that was interrupted or killed
  seqsim merge shard*.json --junit junit.xml   one summary from the shards
  seqsim check reinstall --seeds 1-30 --set knobs.pageSize=5 --json a.json
  seqsim check reinstall --seeds 1-30 --set knobs.pageSize=200 --json b.json
  seqsim compare a.json b.json                 what the change costs, seed by seed, with intervals
  seqsim shrink reports/chaos/7/report.json    the smallest run that still fails, as a test
  seqsim mutants --seeds 200                   is every planted bug caught, and the real system clean?
  seqsim mutants --seeds 100 --compare-swarm   seeds-to-detect with the classic swarm draw and the targeted one
  seqsim hunt mutant-hunt --budget 500 --mutant page-skip
                                               a coverage-guided search; each failure with its replay command
  seqsim bench                                 how fast, against a reference measured in the same run

Exit codes: 0 every invariant held, 1 an invariant failed (or compare found a regression), 2 bad
input or usage (one line on stderr naming the file, the field and what was expected; warnings
start "seqsim: warning:"), 130 / 143 check, mutants or hunt stopped by SIGINT / SIGTERM (after
writing what finished).`;

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `--set path=value`, repeatable: every command that runs a scenario takes it (a new one adds `.addOption(setOption())`). */
function setOption(): Option {
  return new Option('--set <path=value>', 'override a scenario field or knob, e.g. knobs.pageSize=20, users.count=50, network.device=2g (repeatable; the value is JSON if it parses, else a string)')
    .argParser(collect)
    .default([]);
}

export function buildProgram(io: () => Io): Command {
  const program = new Command('seqsim')
    .description('Deterministic simulation and chaos testing of a WeChat-style messaging backend.')
    .version(VERSION)
    .option('--no-color', 'never colour the output (NO_COLOR is respected too)')
    .addHelpText('after', EXAMPLES)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const setExit = (code: number) => {
    process.exitCode = code;
  };

  program
    .command('list')
    .description('list the named scenarios (or, with --mutants, the planted bugs; with --faults, the fault kinds)')
    .addOption(new Option('--mutants', 'list the mutant catalogue instead').conflicts('faults'))
    .option('--faults', 'list every fault kind: what it does, the named scenarios that schedule it, whether swarm draws it, and the planted bugs only it exposes')
    .option('--json', 'print JSON')
    .action((options) => setExit(listCommand({ json: options.json === true, what: options.mutants === true ? 'mutants' : options.faults === true ? 'faults' : 'scenarios' }, io())));

  program
    .command('run')
    .description('run one seed of a scenario and report every invariant')
    .argument('<scenario>', 'a named scenario (see `seqsim list`) or a path to a .yaml file')
    .option('-s, --seed <seed>', 'the root seed; same seed, same run', '1')
    .addOption(new Option('-m, --mutant <name>', 'plant a known bug (repeatable; see `seqsim list --mutants`)').argParser(collect).default([]))
    .option('-o, --out <dir>', 'where to write report.json, report.md and report.html (default reports/<scenario>/<seed>)')
    .option('--swarm', "replace the scenario's faults with this seed's random swarm mix")
    .option('--swarm-draw <draw>', 'with --swarm: targeted (the default: some faults aimed at protocol moments) or classic (clock offsets only)')
    .addOption(new Option('--without-fault <kind>', 'with --swarm: leave this fault kind out of the draw, every other draw unchanged (repeatable)').argParser(collect).default([]))
    .addOption(setOption())
    .option('--trace', 'also write the full trace as trace.jsonl')
    .option('--html', 'write report.html: plots, fault timeline, message sequence diagrams (the default)')
    .option('--no-html', 'skip report.html (the run then need not keep its full trace in memory)')
    .option('--json', 'print the result as one JSON object')
    .action((scenario, options) =>
      setExit(
        runCommand(
          scenario,
          {
            seed: options.seed,
            mutant: options.mutant,
            out: options.out,
            trace: options.trace === true,
            html: options.html !== false,
            json: options.json === true,
            swarm: options.swarm === true,
            swarmDraw: options.swarmDraw,
            withoutFault: options.withoutFault,
            set: options.set,
          },
          io(),
        ),
      ),
    );

  program
    .command('validate')
    .description('check scenarios without running them: schema, fault targets, event and memory estimates')
    .argument('<scenarios...>', 'named scenarios or .yaml files')
    .option('--json', 'print each estimate as JSON')
    .action((scenarios, options) => setExit(validateCommand(scenarios, { json: options.json === true }, io())));

  program
    .command('replay')
    .description('re-run what a report.json recorded and check that the trace hash matches')
    .argument('<report>', 'a report.json written by `seqsim run`')
    .option('--json', 'print JSON')
    .action((file, options) => setExit(replayCommand(file, { json: options.json === true }, io())));

  program
    .command('explain')
    .description("show one message's hop-by-hop timeline (by default the violating one)")
    .argument('<report>', 'a report.json written by `seqsim run`')
    .option('--message <id>', 'the message id to follow')
    .option('--json', 'print JSON')
    .action((file, options) => setExit(explainCommand(file, { message: options.message, json: options.json === true }, io())));

  program
    .command('check')
    .description('sweep seeds of scenarios in parallel; exit 1 if any run fails, with its replay command; SIGINT/SIGTERM stop it and write what finished')
    .argument('[scenarios...]', 'named scenarios or .yaml files (default: every named scenario)')
    .option('--seeds <range>', 'seeds to run: a range (1-1000), a count (500) or a list (3,17,42; items may be ranges: 1-50,77)', '1-100')
    .option('-w, --workers <n>', 'worker threads (default: one per core; never more than the runs)')
    .option('--swarm', "replace each scenario's faults with a random mix drawn per seed")
    .option('--swarm-draw <draw>', 'with --swarm: targeted (the default: some faults aimed at protocol moments) or classic (clock offsets only)')
    .addOption(new Option('--without-fault <kind>', 'with --swarm: leave this fault kind out of the draw, every other draw unchanged (repeatable)').argParser(collect).default([]))
    .addOption(new Option('-m, --mutant <name>', 'plant a known bug in every run (repeatable)').argParser(collect).default([]))
    .addOption(setOption())
    .option('--shard <k/n>', 'run only shard k of n (for splitting a sweep across machines)')
    .option('--recheck <ratio>', 'share of runs to re-run on fresh workers to check determinism', '0.05')
    .option('--junit <file>', 'write JUnit XML (one test case per scenario and seed)')
    .option('--json <file>', 'write every run and the summary as JSON (what merge reads); keeps <file>.partial, a journal of finished runs, while it runs')
    .option('--html <dir>', 'write <dir>/index.html linking the failed runs, with report pages for the first 20')
    .option('--resume <file>', 'continue this sweep from its journal (<file>.partial) or its interrupted --json file; writes --json (default <file>)')
    .action(async (scenarios, options) => setExit(await checkCommand(scenarios, { ...options, swarm: options.swarm === true }, io())));

  program
    .command('merge')
    .description('merge the JSON results of sweep shards into one summary (and JUnit file)')
    .argument('<files...>', 'JSON files written by `seqsim check --json`')
    .option('--junit <file>', 'write the merged JUnit XML')
    .option('--json <file>', 'write the merged JSON')
    .action((files, options) => setExit(mergeCommand(files, options, io())));

  program
    .command('compare')
    .description('compare two `check --json` results of the same scenarios and seeds: every cost and latency figure, paired seed by seed, with an interval; verdict changes first')
    .argument('<a>', 'the JSON file of one sweep (before)')
    .argument('<b>', 'the JSON file of the same scenarios and seeds (after)')
    .option('--json', 'print {scenarios: {<name>: {figures: {<figure>: {a, b, ratio, ciLow, ciHigh, significant}}}}, verdictChanges}')
    .option('--fail-on-regression <pct>', 'exit 1 if a figure got significantly worse by more than pct percent, or a run passing in a fails in b')
    .addHelpText(
      'after',
      `
Each figure is the mean per run over the seeds both files ran. Its interval comes from a paired
bootstrap over the seeds (10,000 resamples drawn from a fixed seed: the same files, the same
intervals), at a confidence that gives a change of pure noise a 5% chance of flagging any figure of
a scenario. A figure is flagged when its interval excludes no change. Every figure is a cost:
higher is worse.

Example:
  seqsim check reinstall --seeds 1-30 --set knobs.pageSize=5 --json a.json
  seqsim check reinstall --seeds 1-30 --set knobs.pageSize=200 --json b.json
  seqsim compare a.json b.json --fail-on-regression 5`,
    )
    .action((a, b, options) => setExit(compareCommand(a, b, { json: options.json === true, failOnRegression: options.failOnRegression }, io())));

  program
    .command('shrink')
    .description('minimise a failing run; write the minimal scenario and a vitest regression test')
    .argument('<report>', 'a report.json of a failing run')
    .option('-o, --out <dir>', 'where to write the scenario and the test', 'test/regressions')
    .option('--max-runs <n>', 'runs the shrinker may spend', '300')
    .option('--import-from <module>', 'how the regression test imports seqsim', 'seqsim')
    .addOption(setOption())
    .option('--json', 'print JSON')
    .action((file, options) =>
      setExit(shrinkCommand(file, { out: options.out, maxRuns: options.maxRuns, json: options.json === true, importFrom: options.importFrom, set: options.set }, io())),
    );

  program
    .command('mutants')
    .description('hunt each planted bug with swarm seeds; exit 1 if one escapes or the correct system fails')
    .option('--seeds <range>', 'seeds the hunt may use (the correct system must pass them all)', '200')
    .option('-w, --workers <n>', 'worker threads (default: one per core)')
    .option('--scenario <name>', 'the scenario swarm mode varies', 'mutant-hunt')
    .addOption(new Option('--only <name>', 'hunt only this mutant (repeatable)').argParser(collect).default([]))
    .addOption(setOption())
    .option('--compare-swarm', 'run every seed with the classic swarm draw and the targeted one, and print seeds-to-detect and catch rates side by side')
    .option('--json', 'print {control, mutants} as JSON')
    .action(async (options) =>
      setExit(await mutantsCommand({ seeds: options.seeds, workers: options.workers, scenario: options.scenario, only: options.only, json: options.json === true, compareSwarm: options.compareSwarm === true, set: options.set }, io())),
    );

  program
    .command('hunt')
    .description('search for failures guided by coverage: keep the runs that reach rare points, mutate their fault schedules; exit 1 with a replay command per failure')
    .argument('[scenario]', 'a named scenario or a .yaml file to vary', 'mutant-hunt')
    .option('--budget <runs>', 'how many runs the hunt may spend', '200')
    .option('-s, --seed <seed>', "the hunt's seed: same seed and budget, same hunt", '1')
    .addOption(new Option('-m, --mutant <name>', 'plant a known bug in every run (repeatable)').argParser(collect).default([]))
    .option('-w, --workers <n>', 'worker threads (default: one per core; the hunt is the same with any number)')
    .option('-o, --out <dir>', "where failed runs' scenarios go (default reports/hunt/<scenario>/<seed>)")
    .addOption(setOption())
    .option('--json', 'print {runs, coverage: {hit, total}, failures: [{replay, invariant}]} as JSON')
    .addHelpText(
      'after',
      `
It starts from targeted swarm draws, keeps every run that reaches coverage no run before reached, and
draws most new runs by mutating a kept run's fault schedule (shift, retarget, add or drop a fault).
Each failed run's scenario is written to <out>/run-<n>.yaml, and its replay runs that file:
  seqsim run reports/hunt/mutant-hunt/1/run-11.yaml --seed 1.7 --mutant ack-before-durable
The same --seed and --budget give the same hunt on any number of workers.`,
    )
    .action(async (scenario, options) =>
      setExit(await huntCommand(scenario, { budget: options.budget, seed: options.seed, mutant: options.mutant, workers: options.workers, out: options.out, json: options.json === true, set: options.set }, io())),
    );

  program
    .command('bench')
    .description('measure speed: kernel and full system against a reference heap loop, sweeps on 1 and 2 workers, a scale run')
    .option('--quick', 'small sweep and scale run (a smoke test of the benchmark, not figures to quote)')
    .option('--json', 'print the figures as one JSON object (also written to reports/bench.json)')
    .action((options) => setExit(benchCommand({ json: options.json === true, quick: options.quick === true })));

  return program;
}

/** The longest error line: one about a huge input (a deeply nested --set) echoed all of it. */
const ERROR_LINE_MAX_CHARS = 2_000;

function clipped(message: string): string {
  return message.length <= ERROR_LINE_MAX_CHARS ? message : `${message.slice(0, ERROR_LINE_MAX_CHARS)}… (${(message.length - ERROR_LINE_MAX_CHARS).toLocaleString('en-US')} more characters)`;
}

/** A file system error in a line, or undefined for any other error. */
function fsErrorLine(error: unknown): string | undefined {
  const e = error as NodeJS.ErrnoException;
  if (!(error instanceof Error) || typeof e.code !== 'string' || typeof e.syscall !== 'string') return undefined;
  return `${e.path ?? 'standard output'}: cannot ${e.syscall} it (${describeFsError(e)})`;
}

async function main(): Promise<void> {
  // Output piped into `head` and closed early is not an error.
  // Any other failure to write it (a full disk) is said in a line.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    process.stderr.write(`seqsim: standard output: cannot write it (${describeFsError(error)})\n`);
    process.exit(2);
  });
  let program: Command;
  const io = () => processIo(program.opts()['color'] !== false);
  program = buildProgram(io);
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    if (error instanceof InputError) {
      process.stderr.write(`seqsim: ${clipped(error.message)}\n`);
      process.exitCode = 2;
      return;
    }
    // A path the checks before the work could not foresee (a file inside --out that is a
    // directory, a disk or stdout that filled up): one line, not a stack trace.
    const fsError = fsErrorLine(error);
    if (fsError !== undefined) {
      process.stderr.write(`seqsim: ${fsError}\n`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
}

await main();
