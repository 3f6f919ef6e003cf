// The shape of an invariant checker. A checker subscribes to the trace when made; safety checkers
// report at the first bad event, liveness checkers report in `finish`, after the run is quiet.
import type { Simulation } from '../sim/simulation.js';
import type { SystemKnobs } from '../system/config.js';
import type { Bounds } from './bounds.js';
import type { DirectoryModel } from './directoryModel.js';
import type { Ledger } from './ledger.js';
import type { HeldBack } from './heldBack.js';
import type { Paths } from './paths.js';
import type { PullStarts } from './pullStarts.js';
import type { ConnClients } from './connClients.js';
import type { Replays } from './replays.js';
import type { ViolationSink } from './violation.js';

export interface CheckerContext {
  readonly sim: Simulation;
  readonly ledger: Ledger;
  readonly sink: ViolationSink;
  readonly directory: DirectoryModel;
  readonly knobs: SystemKnobs;
  /** Where every user's seq space starts. */
  readonly initialSeq: number;
  readonly bounds: Bounds;
  readonly paths: Paths;
  /** When old datagrams may land again (a replaying dc link), for rules that count receipts. */
  readonly replays: Replays;
  /** When a process's datagrams may land late (slow or replaying links, pauses), for rules that infer when one was sent. */
  readonly heldBack: HeldBack;
  readonly pullStarts: PullStarts;
  readonly connClients: ConnClients;
}

export interface Checker {
  readonly name: string;
  /** Judges the deadlines due by `nowUs`; the run calls it at least once every virtual second. */
  tick?(nowUs: number): void;
  /**
   * Whether the system has done the work this checker judges in `finish` beyond the devices' own
   * (a replica catching up): the run stays quiet only once it has. Absent: nothing to wait for.
   */
  settled?(): boolean;
  /** Runs once after the quiescence phase. */
  finish?(): void;
}

export type CheckerFactory = (context: CheckerContext) => Checker;
