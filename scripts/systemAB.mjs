// How much faster or slower one build runs the full system than another, the way `seqsim bench`
// measures it (baseline seeds in blocks, each beside a pass of the reference heap loop), with the
// two builds taking turns in fresh processes so that the machine's drift falls on both:
//
//   node scripts/systemAB.mjs <distA> <distB> [rounds]
//
// Each round measures A, then B; the verdict is the median over rounds of B's systemRatio over A's
// (a round's two measurements are seconds apart). Use it to tell what one change costs: build the
// commit before it into one directory and after it into another, or copy dist/ and take one part out
// (a checker, a recorder) to measure that part alone. A few seconds per build per round.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [first, second, third] = process.argv.slice(2);
if (first === '--measure') console.log(JSON.stringify(await measure(path.resolve(second))));
else await compare(first, second, Number(third ?? 8));

/** systemRatio of the build in `dist`, timed against this repository's reference heap loop. */
async function measure(dist) {
  const { referenceHold } = await import('../dist/bench/holdBench.js');
  const { goalHoldPlan, systemOnBaseline } = await import('../dist/bench/systemFigure.js');
  const { runScenario } = await import(path.join(dist, 'api.js'));
  const { loadScenario } = await import(path.join(dist, 'scenario/load.js'));
  const { plan, delaysUs, meanDelayUs } = goalHoldPlan();
  const { scenario } = loadScenario('baseline');
  return { systemRatio: systemOnBaseline(referenceHold(plan, delaysUs, meanDelayUs), (seed) => runScenario(scenario, { seed })).ratio };
}

async function compare(distA, distB, rounds) {
  if (distA === undefined || distB === undefined || !(rounds >= 1)) {
    console.error('usage: node scripts/systemAB.mjs <distA> <distB> [rounds]');
    process.exit(2);
  }
  const script = fileURLToPath(import.meta.url);
  const once = (dist) => {
    const child = spawnSync(process.execPath, ['--single-threaded-gc', script, '--measure', dist], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`measuring ${dist} failed:\n${child.stderr}`);
    return JSON.parse(child.stdout).systemRatio;
  };
  const ratios = [];
  for (let round = 1; round <= rounds; round++) {
    const a = once(distA);
    const b = once(distB);
    ratios.push(b / a);
    console.log(`round ${round}: A ${a.toFixed(4)}  B ${b.toFixed(4)}  B/A ${(b / a).toFixed(3)}`);
  }
  const { median } = await import('../dist/bench/holdBench.js');
  console.log(`B/A median ${median(ratios).toFixed(3)} over ${rounds} rounds (range ${Math.min(...ratios).toFixed(3)}-${Math.max(...ratios).toFixed(3)})`);
}
