// npm run bench: kernel events per wall-clock second of the hold model at 100, 10k and 1M pending
// events, beside a bare typed-array heap and a heap of objects measured in the same run.
// `--json` prints one JSON object instead of the table.
import Table from 'cli-table3';
import { formatCount, GOAL_KERNEL_RATIO, GOAL_PENDING, measureSize, PLANS, ratio, type SizeResult } from './holdBench.js';
import { makeDelayTableUs } from './holdModel.js';

function main(): void {
  const asJson = process.argv.includes('--json');
  const delaysUs = makeDelayTableUs();
  const meanDelayUs = delaysUs.reduce((sum, delayUs) => sum + delayUs, 0) / delaysUs.length;
  const results: SizeResult[] = [];
  for (const plan of PLANS) {
    process.stderr.write(`measuring ${formatCount(plan.pending)} pending...\n`);
    results.push(measureSize(plan, delaysUs, meanDelayUs));
  }
  const goal = results.find((result) => result.pending === GOAL_PENDING)!;

  if (asJson) {
    console.log(
      JSON.stringify({
        sizes: results.map((result) => ({
          ...result,
          referenceEventsPerSec: Math.round(result.referenceEventsPerSec),
          objectHeapEventsPerSec: Math.round(result.objectHeapEventsPerSec),
          kernelEventsPerSec: Math.round(result.kernelEventsPerSec),
          kernelRatio: Number(result.kernelRatio.toFixed(3)),
        })),
        kernelRatioAt10k: Number(goal.kernelRatio.toFixed(3)),
      }),
    );
    return;
  }

  const table = new Table({
    head: ['pending', 'reference ev/s', 'object heap ev/s', 'kernel ev/s', 'kernel / reference', 'typed heap / object heap'],
    style: { head: [], border: [] },
  });
  for (const result of results) {
    table.push([
      formatCount(result.pending),
      formatCount(result.referenceEventsPerSec),
      formatCount(result.objectHeapEventsPerSec),
      formatCount(result.kernelEventsPerSec),
      ratio(result.kernelRatio),
      ratio(result.referenceEventsPerSec / result.objectHeapEventsPerSec),
    ]);
  }
  console.log(table.toString());
  console.log(`kernel at ${formatCount(GOAL_PENDING)} pending: ${ratio(goal.kernelRatio)} reference (goal >= ${GOAL_KERNEL_RATIO}x)`);
}

main();
