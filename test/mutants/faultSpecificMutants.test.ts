// The planted bugs of replicated storage, each exposed only by its fault (exposedBy): beyond what
// the catalogue's test checks (caught within 50 seeds, missed by those seeds without the fault),
// the fault really fired in the run that caught it (a power loss really undid writes), and with
// the fault switched off (the swarm draw's `without`, every other draw unchanged) none of all 50
// seeds the hunt may use catches it.
import { describe, expect, it } from 'vitest';
import { FAULT_KIND_NAMES, type FaultKind } from '../../src/faults/kinds.js';
import { targetedSwarmScenario } from '../../src/faults/targetedSwarm.js';
import { runOne } from '../../src/run/runOne.js';
import { compile } from '../../src/scenario/compile.js';
import { loadScenario } from '../../src/scenario/load.js';
import { MUTANT_NAMES, MUTANTS, type Mutant, type MutantName } from '../../src/system/mutants.js';

const SEEDS = 50;
const { scenario: hunt } = loadScenario('mutant-hunt');

function run(seed: number, mutants: MutantName[], without: readonly FaultKind[] = []) {
  // The draw `seqsim mutants` hunts with: the classic faults and the aims (a lease renewal in
  // flight when its owner pauses is one moment no clock offset finds).
  const scenario = targetedSwarmScenario(hunt, String(seed), { without });
  return runOne(compile(scenario, { seed: String(seed), source: 'mutant-hunt', mutants, swarm: true }), { keepAll: true });
}

const STORAGE_FAULTS: readonly FaultKind[] = ['msgstore-failover', 'allocator-failover', 'power-loss'];
/** The fault that alone exposes a mutant, if it is one of replicated storage's. */
const storageFaultOf = (name: MutantName) => ((MUTANTS[name] as Mutant).exposedBy ?? []).find((kind) => STORAGE_FAULTS.includes(kind as FaultKind)) as FaultKind | undefined;
const EXPOSED = MUTANT_NAMES.filter((name) => storageFaultOf(name) !== undefined);

describe('mutants of replicated storage', () => {
  it('there is one for each fault of replicated storage', () => {
    const exposedBy = EXPOSED.flatMap((name) => (MUTANTS[name] as Mutant).exposedBy ?? []);
    for (const kind of STORAGE_FAULTS) expect(FAULT_KIND_NAMES).toContain(kind);
    for (const kind of STORAGE_FAULTS) expect(exposedBy).toContain(kind);
  });

  it.each(EXPOSED)('%s: caught by its invariant within 50 swarm seeds, and missed by all 50 with its fault off', (name) => {
    const mutant = MUTANTS[name] as Mutant;
    const fault = storageFaultOf(name)!;
    let caughtAt = 0;
    for (let seed = 1; seed <= SEEDS && caughtAt === 0; seed++) {
      const { result, sim } = run(seed, [name]);
      if (result.ok) continue;
      caughtAt = seed;
      expect(result.invariants.filter((i) => !i.ok).map((i) => i.name), result.replay).toContain(mutant.invariant);
      // The fault that exposes it fired in that run, and the same seed passes without the bug.
      expect(result.faults[fault], result.replay).toBeGreaterThan(0);
      if (fault === 'power-loss') expect((sim.trace.records() ?? []).some((r) => r.kind === 'power-loss' && r.fields['undone']! > 0)).toBe(true);
      expect(run(seed, []).result.ok).toBe(true);
    }
    expect(caughtAt, `${name} escaped ${SEEDS} seeds`).toBeGreaterThan(0);
    for (let seed = 1; seed <= SEEDS; seed++) {
      const { result } = run(seed, [name], [fault]);
      expect(result.faults[fault] ?? 0).toBe(0);
      expect(result.ok, `${result.replay} without ${fault}`).toBe(true);
    }
  });
});
