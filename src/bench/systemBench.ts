// seqsim bench: every speed figure in one run, each beside the reference measured in the same
// process: the bare heap loop and the kernel at 10k pending; the full system on baseline; a
// 1,000-seed sweep on 1 and 2 workers; a scale run of 100,000 users and 1,000,000 messages (in a
// child process of its own: scaleRun.ts).
// Run it with --single-threaded-gc (the `seqsim bench` command does): V8's parallel GC makes
// timings bimodal on a 2-core machine.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compactTable } from '../report/format.js';
import { runScenario } from '../api.js';
import { SweepPool } from '../run/pool.js';
import { loadScenario } from '../scenario/load.js';
import { formatCount, measureSize, ratio, referenceHold } from './holdBench.js';
import { inlineSeedsPerSec } from './inlineSweep.js';
import { SCALE_NODE_FLAGS, type ScaleFigures } from './scaleRun.js';
import { goalHoldPlan, systemOnBaseline } from './systemFigure.js';

const INLINE_SWEEP_FILE = fileURLToPath(new URL('./inlineSweepMain.js', import.meta.url));
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
  readonly sweep: {
    readonly seeds: number;
    readonly seedsPerSec1: number;
    readonly seedsPerSec2: number;
    readonly efficiency: number;
    /** The same seeds run one after another in this process: what 1 worker should match. */
    readonly seedsPerSecInline: number;
    /** Two independent processes, each running half the seeds inline: what 2 workers should match. */
    readonly seedsPerSecTwoProcs: number;
  };
  readonly scale: ScaleFigures;
}

interface Sizes {
  readonly sweepSeeds: number;
  readonly scaleUsers: number;
  readonly scaleMessages: number;
}

const FULL: Sizes = { sweepSeeds: 1_000, scaleUsers: 100_000, scaleMessages: 1_000_000 };
const QUICK: Sizes = { sweepSeeds: 40, scaleUsers: 2_000, scaleMessages: 20_000 };

function log(text: string): void {
  process.stderr.write(`${text}\n`);
}

async function sweepSeedsPerSec(seeds: number, workers: number): Promise<number> {
  const pool = new SweepPool(workers);
  try {
    // Warm the workers (module load, JIT) before the clock starts.
    await pool.run(Array.from({ length: workers * 2 }, (_, i) => ({ source: 'baseline', seed: `warm-${i}`, swarm: true, mutants: [] })));
    const startMs = performance.now();
    await pool.run(Array.from({ length: seeds }, (_, i) => ({ source: 'baseline', seed: String(i + 1), swarm: true, mutants: [] })));
    return seeds / ((performance.now() - startMs) / 1000);
  } finally {
    await pool.close();
  }
}

/** Two processes, each with half the seeds inline, started together: seeds over the slower one's time. */
async function twoProcessSeedsPerSec(seeds: number): Promise<number> {
  const half = Math.floor(seeds / 2);
  const child = (from: number, to: number) =>
    new Promise<number>((resolve, reject) => {
      execFile(process.execPath, [...process.execArgv, INLINE_SWEEP_FILE, String(from), String(to)], (error, stdout) => (error === null ? resolve(Number(stdout)) : reject(error)));
    });
  const seconds = await Promise.all([child(1, half), child(half + 1, seeds)]);
  return seeds / Math.max(...seconds);
}

/** The scale run in a child process (scaleRun.ts says why). */
function scaleInChild(users: number, messages: number): Promise<ScaleFigures> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [...process.execArgv, ...SCALE_NODE_FLAGS, SCALE_FILE, String(users), String(messages)], { maxBuffer: 1 << 20 }, (error, stdout) =>
      error === null ? resolve(JSON.parse(stdout) as ScaleFigures) : reject(error),
    );
  });
}

async function main(): Promise<void> {
  const asJson = process.argv.includes('--json');
  const sizes = process.argv.includes('--quick') ? QUICK : FULL;
  log('kernel and reference at 10k pending...');
  const { plan, delaysUs, meanDelayUs } = goalHoldPlan();
  const hold = measureSize(plan, delaysUs, meanDelayUs);
  log('the full system on baseline, beside the reference...');
  const { scenario: baseline } = loadScenario('baseline');
  const system = systemOnBaseline(referenceHold(plan, delaysUs, meanDelayUs), (seed) => runScenario(baseline, { seed }));
  log(`a ${sizes.sweepSeeds}-seed sweep on 1 worker, then on 2...`);
  const seedsPerSec1 = await sweepSeedsPerSec(sizes.sweepSeeds, 1);
  const seedsPerSec2 = await sweepSeedsPerSec(sizes.sweepSeeds, 2);
  log('the same seeds inline in this process, then in two processes of half the seeds each...');
  const seedsPerSecInline = inlineSeedsPerSec(1, sizes.sweepSeeds);
  const seedsPerSecTwoProcs = await twoProcessSeedsPerSec(sizes.sweepSeeds);
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
      seeds: sizes.sweepSeeds,
      seedsPerSec1: round(seedsPerSec1),
      seedsPerSec2: round(seedsPerSec2),
      efficiency: round(seedsPerSec2 / (2 * seedsPerSec1)),
      seedsPerSecInline: round(seedsPerSecInline),
      seedsPerSecTwoProcs: round(seedsPerSecTwoProcs),
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
    [`sweep, ${sizes.sweepSeeds} seeds, 1 worker`, `${result.sweep.seedsPerSec1} seeds/s`, `${ratio(seedsPerSec1 / seedsPerSecInline)} inline`, '>= 0.95x'],
    [`sweep, ${sizes.sweepSeeds} seeds, two processes of half each`, `${result.sweep.seedsPerSecTwoProcs} seeds/s`, '', ''],
    [`sweep, ${sizes.sweepSeeds} seeds, 2 workers`, `${result.sweep.seedsPerSec2} seeds/s`, `${ratio(seedsPerSec2 / seedsPerSecTwoProcs)} two processes`, '>= 0.95x'],
    ['2 workers per M reference ev/s', `${(seedsPerSec2 / (result.referenceEventsPerSec / 1e6)).toFixed(1)}`, '', '>= 57'],
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
