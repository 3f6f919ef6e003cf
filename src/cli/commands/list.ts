// seqsim list: the shipped scenarios, the mutant catalogue, or the fault kinds, with their descriptions.
import { FAULT_KINDS, FAULT_KIND_NAMES } from '../../faults/kinds.js';
import { SWARM_FAULT_KINDS } from '../../faults/swarm.js';
import { loadScenario, scenarioNames } from '../../scenario/load.js';
import { MUTANTS, type Mutant } from '../../system/mutants.js';
import type { Io } from '../io.js';

export type ListWhat = 'scenarios' | 'mutants' | 'faults';

interface Row {
  readonly name: string;
  readonly description: string;
}

/** Each fault kind, the named scenarios that schedule it, whether swarm draws it, and the bugs only it exposes. */
function faultRows() {
  const scenarios = scenarioNames().map((name) => ({ name, kinds: new Set(loadScenario(name).scenario.faults.map((fault) => fault.kind)) }));
  return FAULT_KIND_NAMES.map((kind) => ({
    name: kind,
    description: FAULT_KINDS[kind],
    scenarios: scenarios.filter((scenario) => scenario.kinds.has(kind)).map((scenario) => scenario.name),
    swarm: SWARM_FAULT_KINDS.includes(kind),
    exposes: Object.entries(MUTANTS)
      .filter(([, mutant]) => (mutant as Mutant).exposedBy?.includes(kind) === true)
      .map(([name]) => name),
  }));
}

export function listCommand(options: { json: boolean; what: ListWhat }, io: Io): number {
  const rows: readonly Row[] =
    options.what === 'mutants'
      ? Object.entries(MUTANTS).map(([name, mutant]) => ({ name, description: `${mutant.bug} Caught by ${mutant.invariant}.`, invariant: mutant.invariant }))
      : options.what === 'faults'
        ? faultRows()
        : scenarioNames().map((name) => ({ name, description: loadScenario(name).scenario.description }));
  if (options.json) {
    io.out(JSON.stringify({ [options.what]: rows }));
    return 0;
  }
  const width = Math.max(...rows.map((row) => row.name.length));
  for (const row of rows) {
    io.out(`${io.color.bold(row.name.padEnd(width))}  ${row.description}`);
    if (options.what === 'faults') io.out(`${' '.repeat(width)}  ${io.color.dim(faultUse(row as ReturnType<typeof faultRows>[number]))}`);
  }
  return 0;
}

function faultUse(row: ReturnType<typeof faultRows>[number]): string {
  const scenarios = row.scenarios.length === 0 ? 'no named scenario' : `scenarios: ${row.scenarios.join(', ')}`;
  // A bug a family of faults exposes names the rest of the family.
  const exposes = row.exposes.map((name) => {
    const others = ((MUTANTS[name as keyof typeof MUTANTS] as Mutant).exposedBy ?? []).filter((kind) => kind !== row.name);
    return `; the only way to expose ${name}${others.length === 0 ? '' : ` (or ${others.join(', ')})`}`;
  });
  return `${scenarios}; ${row.swarm ? 'drawn by swarm' : 'not drawn by swarm'}${exposes.join('')}`;
}
