// Everything one run needs, resolved: the world, the workload, the fault schedule, the phases
// and the bounds. Scenarios compile to this; tests may build it directly.
import type { FaultSpec } from '../faults/kinds.js';
import type { WorkloadSpec } from '../system/workload.js';
import type { WorldSpec } from '../system/world.js';

export interface RunSpec {
  readonly scenario: string;
  readonly seed: string;
  readonly world: WorldSpec;
  readonly workload: WorkloadSpec;
  readonly faults: readonly FaultSpec[];
  /** The workload and faults run for this long; then everything heals. */
  readonly durationUs: number;
  /** After healing, the run waits at least this long for quiet (and on while it makes progress). */
  readonly quiesceMaxUs: number;
  /** Whether the heal brings every app to the foreground (else background apps stay there). */
  readonly healForeground: boolean;
  readonly latencyBoundUs: number;
  /** Watchdog: events the run may process in all. */
  readonly maxSteps: number;
  /** The command that replays this run. */
  readonly replay: string;
}
