// seqsim bench: every speed figure in one run, each beside the reference measured in the same
// process: the bare heap loop and the kernel at 10k pending; the full system on baseline; a
// 1,000-seed sweep on 1 and 2 workers beside what each should match (sweepBench.ts); a scale run of 100,000 users and 1,000,000 messages (in a
// child process of its own: scaleRun.ts).
// Run it with --single-threaded-gc (the `seqsim bench` command does): V8's parallel GC makes
// timings bimodal on a 2-core machine.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compactTable } from '../report/format.js';
import { runScenario } from '../api.js';
import { loadScenario } from '../scenario/load.js';
import { formatCount, measureSize, ratio, referenceHold } from './holdBench.js';
import { SCALE_DROPPED_FLAGS, SCALE_NODE_FLAGS, type ScaleFigures } from './scaleRun.js';
import { SWEEP_WARMUP_RUNS } from './inlineSweep.js';
import { sweepFigures, type SweepFigures } from './sweepBench.js';
import { goalHoldPlan, systemOnBaseline } from './systemFigure.js';

const SCALE_FILE = fileURLToPath(new URL('./scaleMain.js', import.meta.url));

export interface BenchResult {
  readonly referenceEventsPerSec: number;
  readonly kernelEventsPerSec: number;
  /** The median of per-round ratios, each kernel pass beside a reference pass (holdBench.ts). */
  readonly kernelRatio: number;
  readonly systemEventsPerSec: number;
  /** The median of per-block ratios, each block of baseline seeds beside a reference pass. */
  readonly systemRatio: number;
  readonly deliveriesPerSec: number;
  readonly virtualPerWall: number;
  readonly sweep: SweepFigures & { readonly eventRatio2: number };
  readonly scale: ScaleFigures;
}

interface Sizes {
  /** Timed passes of the kernel beside the reference (PLANS has the full bench's). */
  readonly holdPasses: number | undefined;
  /** Untimed baseline runs before the full-system figure, and its timed blocks (systemFigure.ts has the full bench's). */
  readonly systemWarmupRuns: number | undefined;
  readonly systemBlocks: number | undefined;
  readonly sweepSeeds: number;
  readonly sweepBlocks: number;
  /** Untimed runs per thread before the sweep figures are timed. */
  readonly sweepWarmupRuns: number;
  readonly scaleUsers: number;
  readonly scaleMessages: number;
}

const FULL: Sizes = { holdPasses: undefined, systemWarmupRuns: undefined, systemBlocks: undefined, sweepSeeds: 1_000, sweepBlocks: 4, sweepWarmupRuns: SWEEP_WARMUP_RUNS, scaleUsers: 100_000, scaleMessages: 1_000_000 };
/** CI runs it to see every figure there and sane, on a loaded machine: the least that yields each. */
const QUICK: Sizes = { holdPasses: 3, systemWarmupRuns: 40, systemBlocks: 3, sweepSeeds: 12, sweepBlocks: 1, sweepWarmupRuns: 6, scaleUsers: 2_000, scaleMessages: 20_000 };

function log(text: string): void {
  process.stderr.write(`${text}\n`);
}

/** The scale run in a child process (scaleRun.ts says why). */
function scaleInChild(users: number, messages: number): Promise<ScaleFigures> {
  return new Promise((resolve, reject) => {
    const flags = [...process.execArgv.filter((flag) => !SCALE_DROPPED_FLAGS.includes(flag)), ...SCALE_NODE_FLAGS];
    execFile(process.execPath, [...flags, SCALE_FILE, String(users), String(messages)], { maxBuffer: 1 << 20 }, (error, stdout) =>
      error === null ? resolve(JSON.parse(stdout) as ScaleFigures) : reject(error),
    );
  });
}

async function main(): Promise<void> {
  const asJson = process.argv.includes('--json');
  const sizes = process.argv.includes('--quick') ? QUICK : FULL;
  log('kernel and reference at 10k pending...');
  const { plan, delaysUs, meanDelayUs } = goalHoldPlan();
  const hold = measureSize({ ...plan, timedPasses: sizes.holdPasses ?? plan.timedPasses }, delaysUs, meanDelayUs);
  log('the full system on baseline, beside the reference...');
  const { scenario: baseline } = loadScenario('baseline');
  const system = systemOnBaseline(referenceHold(plan, delaysUs, meanDelayUs), (seed) => runScenario(baseline, { seed }), { warmupRuns: sizes.systemWarmupRuns, blocks: sizes.systemBlocks });
  log(`a ${sizes.sweepSeeds}-seed sweep on 1 worker, inline, on 2 workers and in two processes, taking turns...`);
  const sweep = await sweepFigures(sizes.sweepSeeds, sizes.sweepBlocks, sizes.sweepWarmupRuns);
  log(`a scale run of ${formatCount(sizes.scaleUsers)} users and ${formatCount(sizes.scaleMessages)} messages...`);
  const scale = await scaleInChild(sizes.scaleUsers, sizes.scaleMessages);
  const result: BenchResult = {
    referenceEventsPerSec: Math.round(hold.referenceEventsPerSec),
    kernelEventsPerSec: Math.round(hold.kernelEventsPerSec),
    kernelRatio: round(hold.kernelRatio),
    systemEventsPerSec: Math.round(system.eventsPerSec),
    systemRatio: round(system.ratio),
    deliveriesPerSec: Math.round(system.deliveriesPerSec),
    virtualPerWall: Math.round(system.virtualPerWall),
    sweep: {
      seeds: sweep.seeds,
      seedsPerSec1: round(sweep.seedsPerSec1),
      seedsPerSec2: round(sweep.seedsPerSec2),
      efficiency: round(sweep.efficiency),
      seedsPerSecInline: round(sweep.seedsPerSecInline),
      seedsPerSecTwoProcs: round(sweep.seedsPerSecTwoProcs),
      pool1VsInline: round(sweep.pool1VsInline),
      pool2VsTwoProcs: round(sweep.pool2VsTwoProcs),
      eventsPerSeed: Math.round(sweep.eventsPerSeed),
      // Seeds per second on 2 workers as events, over the reference: what no change in a seed's work moves.
      eventRatio2: round((sweep.seedsPerSec2 * sweep.eventsPerSeed) / hold.referenceEventsPerSec),
    },
    scale,
  };
  mkdirSync('reports', { recursive: true });
  writeFileSync('reports/bench.json', `${JSON.stringify(result, null, 2)}\n`);
  if (asJson) {
    console.log(JSON.stringify(result));
    return;
  }
  const table = compactTable(['figure', 'value', 'against', 'goal']);
  table.push(
    ['reference heap loop, 10k pending', `${formatCount(result.referenceEventsPerSec)} ev/s`, '1.00x', ''],
    ['seqsim kernel, 10k pending', `${formatCount(result.kernelEventsPerSec)} ev/s`, `${ratio(result.kernelRatio)} reference`, '>= 0.6x'],
    ['full system on baseline', `${formatCount(result.systemEventsPerSec)} ev/s`, `${ratio(result.systemRatio)} reference`, '>= 0.25x (aim 0.4x)'],
    ['deliveries on baseline', `${formatCount(result.deliveriesPerSec)} /s`, '', '>= 100k /s'],
    ['virtual time per wall time', `${formatCount(result.virtualPerWall)}x`, '', '>= 1,000x'],
    [`sweep, ${sizes.sweepSeeds} seeds, inline in one process`, `${result.sweep.seedsPerSecInline} seeds/s`, '', ''],
    [`sweep, ${sizes.sweepSeeds} seeds, 1 worker`, `${result.sweep.seedsPerSec1} seeds/s`, `${ratio(sweep.seedsPerSec1 / sweep.seedsPerSecInline)} inline (median of blocks ${ratio(sweep.pool1VsInline)})`, '>= 0.95x'],
    [`sweep, ${sizes.sweepSeeds} seeds, two processes of half each`, `${result.sweep.seedsPerSecTwoProcs} seeds/s`, '', ''],
    [`sweep, ${sizes.sweepSeeds} seeds, 2 workers`, `${result.sweep.seedsPerSec2} seeds/s`, `${ratio(sweep.seedsPerSec2 / sweep.seedsPerSecTwoProcs)} two processes (median of blocks ${ratio(sweep.pool2VsTwoProcs)})`, '>= 0.95x'],
    ['2 workers per M reference ev/s', `${(sweep.seedsPerSec2 / (result.referenceEventsPerSec / 1e6)).toFixed(1)}`, '', '>= 57'],
    ['sweep, events per seed', formatCount(result.sweep.eventsPerSeed), '', ''],
    ['sweep, 2 workers, events per second', `${formatCount(Math.round(result.sweep.seedsPerSec2 * result.sweep.eventsPerSeed))} ev/s`, `${ratio(result.sweep.eventRatio2)} reference`, ''],
    [`scale: ${formatCount(scale.users)} users, ${formatCount(scale.messages)} messages, ${formatCount(scale.events)} events`, `${(scale.wallMs / 1000).toFixed(1)} s wall`, '', '< 120 s'],
    ['scale: peak memory', `${formatCount(scale.peakRssMb)} MB RSS`, '', '< 2,048 MB'],
    ['scale: memory per stored copy', `${scale.bytesPerMessage} B`, '', '<= 300 B'],
  );
  console.log(table.toString());
  console.log('Wrote reports/bench.json');
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

await main();
