// Faults timed to protocol moments (BUGGIFY-style): armed at their `at`, each strikes once, on the
// first of its targets to reach its moment, `delay` later. The strike is always scheduled as an
// event of its own, never run inside the handler that reached the moment: a process must not
// crash half-way through a handler (its writes issued after the crash would land), and a delay of
// 0 then still strikes before anything else the handler set in motion, such as its disk write.
import type { Process } from '../sim/process.js';
import type { Simulation } from '../sim/simulation.js';
import { traceKindByName } from '../sim/traceKinds.js';
import type { FaultSpec } from './kinds.js';
import { isTraceMoment, TRACE_MOMENTS, type TraceMoment } from './moments.js';

interface Armed {
  readonly spec: FaultSpec;
  readonly targets: ReadonlySet<number>;
}

export type Strike = (spec: FaultSpec, target: Process) => void;

export class Triggers {
  private armed: Armed[] = [];
  private disarmed = false;

  constructor(
    private readonly sim: Simulation,
    specs: readonly FaultSpec[],
    private readonly strike: Strike,
  ) {
    // One listener per trace moment some fault is timed to, and none otherwise.
    const moments = new Set(specs.flatMap((spec) => (spec.on !== undefined && isTraceMoment(spec.on) ? [spec.on] : [])));
    for (const name of moments) {
      const moment: TraceMoment = TRACE_MOMENTS[name];
      const kind = traceKindByName(moment.event);
      if (kind === undefined) throw new Error(`moment ${name}: no trace event kind ${moment.event}`);
      sim.trace.on(kind, (_t, actor, first) => {
        if (moment.first === undefined || moment.first(first)) this.reached(name, actor);
      });
    }
  }

  /** From `at` on, the fault waits for one of `targets` to reach its moment. */
  arm(spec: FaultSpec, targets: readonly Process[]): void {
    if (!this.disarmed) this.armed.push({ spec, targets: new Set(targets.map((target) => target.id)) });
  }

  /** A process passed a named crash point (the kernel's crash hook tells the injector of every one). */
  crashPointReached(process: Process, point: string): void {
    this.reached(point, process.id);
  }

  /** The heal: nothing armed strikes any more, nor does a strike still waiting for its delay. */
  disarm(): void {
    this.armed = [];
    this.disarmed = true;
  }

  /**
   * The first fault armed for `moment` on `process`, or -1. A loop, not findIndex: every crash point
   * of every process asks, and a predicate closure per call was the largest allocation of a run
   * (measured: 29 of 323 bytes per event).
   */
  private armedIndex(moment: string, process: number): number {
    for (let i = 0; i < this.armed.length; i++) {
      const { spec, targets } = this.armed[i]!;
      if (spec.on === moment && targets.has(process)) return i;
    }
    return -1;
  }

  private reached(moment: string, process: number): void {
    const index = this.armedIndex(moment, process);
    if (index < 0) return;
    const { spec } = this.armed[index]!;
    this.armed.splice(index, 1);
    const sim = this.sim;
    sim.at(sim.nowUs + (spec.delayUs ?? 0), `${spec.kind} on ${moment}`, () => {
      if (!this.disarmed) this.strike(spec, sim.process(process));
    });
  }
}
