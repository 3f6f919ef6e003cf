// seqsim list: the shipped scenarios (or the mutant catalogue) with their descriptions.
import { loadScenario, scenarioNames } from '../../scenario/load.js';
import { MUTANTS } from '../../system/mutants.js';
import type { Io } from '../io.js';

export function listCommand(options: { json: boolean; mutants: boolean }, io: Io): number {
  const rows = options.mutants
    ? Object.entries(MUTANTS).map(([name, mutant]) => ({ name, description: `${mutant.bug} Caught by ${mutant.invariant}.`, invariant: mutant.invariant }))
    : scenarioNames().map((name) => ({ name, description: loadScenario(name).scenario.description }));
  if (options.json) {
    io.out(JSON.stringify(options.mutants ? { mutants: rows } : { scenarios: rows }));
    return 0;
  }
  const width = Math.max(...rows.map((row) => row.name.length));
  for (const row of rows) io.out(`${io.color.bold(row.name.padEnd(width))}  ${row.description}`);
  return 0;
}
