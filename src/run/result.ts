// A run's result as plain data: what a reporter prints and what --json emits. Kept apart from
// how it is shown.
import type { RunCost } from '../oracle/cost.js';
import type { CoverageCounts } from '../oracle/coverage/recorder.js';
import type { InvariantResult, MessageCounts } from '../oracle/oracle.js';
import type { Percentiles } from '../oracle/percentiles.js';
import type { DeviceClass } from '../oracle/latency.js';

/** Percentiles with the bound they are judged against (null: none). */
export interface LatencyFigures extends Percentiles {
  readonly boundMs: number | null;
}

/** passed: every invariant held. failed: some invariant broke. aborted: the run itself could not finish. */
export type RunOutcome = 'passed' | 'failed' | 'aborted';

export interface RunResult {
  readonly scenario: string;
  readonly seed: string;
  readonly version: string;
  readonly traceHash: string;
  readonly ok: boolean;
  readonly outcome: RunOutcome;
  /** Why an aborted run stopped (watchdog budget, or a handler that threw). */
  readonly abort: string | null;
  readonly virtualTimeMs: number;
  readonly wallTimeMs: number;
  readonly events: number;
  /** Virtual time at which the system went quiet after healing; null if it never did. */
  readonly quietAtMs: number | null;
  readonly messages: MessageCounts;
  readonly latencyMs: Percentiles;
  /** Per class (and `all`), each with its bound: see classBoundsUs. */
  readonly latencyByClassMs: Record<DeviceClass | 'all', LatencyFigures>;
  readonly latencyBoundMs: number;
  /** From pressing send to the ack, with the deadline a connected sender's send has. */
  readonly ackLatencyMs: LatencyFigures;
  /** What the run cost: pulls, hints, datagrams, bytes, disk writes, server load (see oracle/cost.ts). */
  readonly cost: RunCost;
  readonly invariants: readonly InvariantResult[];
  readonly faults: Record<string, number>;
  readonly faultsScheduled: number;
  readonly faultsFired: number;
  /** The coverage points that could apply to this run, each with how often the run reached it. */
  readonly coverage: CoverageCounts;
  readonly replay: string;
}
