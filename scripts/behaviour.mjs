// A fingerprint of what the built code does: for every named scenario, seeds 1-3, plain and under
// swarm, one line per run with its trace hash, outcome, events, the invariants it failed, and its
// coverage and cost figures. A change meant only to make seqsim faster must leave it unchanged:
//
//   npm run build && node scripts/behaviour.mjs > before.txt
//   (change the code)
//   npm run build && node scripts/behaviour.mjs | diff before.txt - && echo same behaviour
//
// It imports the compiled dist/, so it fingerprints what ships: 144 runs, about 15 s.
import { runScenario } from '../dist/api.js';
import { scenarioNames } from '../dist/scenario/load.js';

const SEEDS = [1, 2, 3];

for (const name of scenarioNames()) {
  for (const swarm of [false, true]) {
    for (const seed of SEEDS) {
      const report = runScenario(name, { seed, swarm });
      const failed = report.invariants.filter((invariant) => !invariant.ok).map((invariant) => invariant.name);
      const line = [name, seed, swarm ? 'swarm' : 'plain', report.traceHash, report.outcome, report.events, failed.join(',') || '-', JSON.stringify(report.coverage), JSON.stringify(report.cost)];
      console.log(line.join(' '));
    }
  }
}
