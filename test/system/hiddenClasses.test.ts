// Class fields compile to assignments (tsconfig.json), so a field with no initializer appears only
// when some method first sets it, and instances of one class can end a run with their fields in
// different orders: different hidden classes, and V8 deoptimizes every handler that sees them. Every
// process of a class must have the same own properties in the same order, whatever it lived through.
import { describe, expect, it } from 'vitest';
import { runScenarioWithTrace } from '../../src/api.js';

/** Scenarios whose processes live different lives: reconnects, restores, failovers, a storm. */
const SCENARIOS = ['multi-device', 'phone-restore', 'storage-failover', 'reconnect-storm'];

describe('process field layout', () => {
  it.each(SCENARIOS)('every process of a class has the same fields in the same order after %s under swarm', (name) => {
    for (const seed of [1, 2]) {
      const { handle } = runScenarioWithTrace(name, { seed, swarm: true });
      const layouts = new Map<string, Set<string>>();
      for (const process of handle.sim.processes) {
        const kind = process.constructor.name;
        const set = layouts.get(kind) ?? new Set<string>();
        set.add(Object.keys(process).join(','));
        layouts.set(kind, set);
      }
      expect(layouts.size).toBeGreaterThanOrEqual(5);
      for (const [kind, set] of layouts) expect([...set], `${kind} on ${name} seed ${seed}`).toHaveLength(1);
    }
  });
});
