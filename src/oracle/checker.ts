// The shape of an invariant checker. A checker subscribes to the trace when made; safety checkers
// report at the first bad event, liveness checkers report in `finish`, after the run is quiet.
import type { Simulation } from '../sim/simulation.js';
import type { Ledger } from './ledger.js';
import type { ViolationSink } from './violation.js';

export interface CheckerContext {
  readonly sim: Simulation;
  readonly ledger: Ledger;
  readonly sink: ViolationSink;
  /** The scenario's bound on healthy-connection delivery latency (p99). */
  readonly latencyBoundUs: number;
}

export interface Checker {
  readonly name: string;
  /** Runs once after the quiescence phase. */
  finish?(): void;
}

export type CheckerFactory = (context: CheckerContext) => Checker;
