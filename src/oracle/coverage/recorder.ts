// Counts, for one run, how often each coverage point that can apply to it was reached. Made after
// the oracle (so the ledger is up to date for every event) and before the world's first event.
import type { Simulation } from '../../sim/simulation.js';
import { traceKindByName } from '../../sim/traceKinds.js';
import type { Topology } from '../../system/topology.js';
import { COVERAGE_POINTS } from '../coveragePoints.js';
import type { Ledger } from '../ledger.js';
import type { CoverageScope } from './scope.js';
import { ProtocolWindows } from './windows.js';

/** Point name -> times reached, for every point that applies to the run (0: it could have, and did not). */
export type CoverageCounts = Record<string, number>;

export class CoverageRecorder {
  private readonly counts: CoverageCounts = {};

  constructor(sim: Simulation, ledger: Ledger, topology: Topology, scope: CoverageScope) {
    const windows = new ProtocolWindows(ledger, topology, scope.world.initialSeq, scope.world.knobs.sectionSize);
    for (const point of COVERAGE_POINTS) {
      if (!point.appliesTo(scope)) continue;
      const kind = traceKindByName(point.on);
      if (kind === undefined) throw new Error(`coverage point ${point.name}: no trace event kind ${point.on}`);
      const { name, when } = point;
      this.counts[name] = 0;
      sim.trace.on(kind, (_t, actor, a, b, c, d) => {
        if (when(windows, actor, a, b, c, d)) this.counts[name]!++;
      });
    }
    windows.follow(sim.trace);
  }

  /** Every applicable point with its count, in catalogue order. */
  result(): CoverageCounts {
    return { ...this.counts };
  }
}
