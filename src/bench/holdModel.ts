// The classic "hold model" workload for event-queue benchmarks: N pending timers; each one that
// fires re-arms itself after the next delay, so the queue stays at N. Every implementation draws
// from the same delay table in the same order, so all of them fire the same events at the same
// virtual times and a comparison measures queue and dispatch overhead only.
import { Process } from '../sim/process.js';
import { RandomStream } from '../sim/random.js';
import { Simulation } from '../sim/simulation.js';

/** A power of two, so the next delay is `table[cursor & mask]`. */
const DELAY_TABLE_SIZE = 65_536;
/** Mean timer delay. Large enough that even a 1M-event queue rarely has two events per microsecond. */
const MEAN_DELAY_US = 1_000_000;
const HOLD_TIMER_TAG = 1;

/** Exponential delays in whole microseconds, as the kernel keeps virtual time integral. */
export function makeDelayTableUs(): Float64Array {
  const random = new RandomStream('bench');
  const delaysUs = new Float64Array(DELAY_TABLE_SIZE);
  for (let i = 0; i < delaysUs.length; i++) delaysUs[i] = Math.round(random.exponential(MEAN_DELAY_US));
  return delaysUs;
}

/** One implementation of the hold model, already filled with its N pending events. */
export interface HoldModel {
  /** Fires every pending event due at or before `untilUs`, re-arming each; returns how many fired. */
  runUntil(untilUs: number): number;
}

/** Cycles through the delay table; shared by all processes so draws follow one global order. */
class DelayCycle {
  private cursor = 0;
  private readonly mask: number;

  constructor(private readonly delaysUs: Float64Array) {
    this.mask = delaysUs.length - 1;
  }

  next(): number {
    return this.delaysUs[this.cursor++ & this.mask]!;
  }
}

/** One hold-model entity: a process that keeps exactly one timer pending. */
class HoldProcess extends Process {
  constructor(
    index: number,
    private readonly delays: DelayCycle,
  ) {
    super(`hold-${index}`, 'hold', undefined);
  }

  start(): void {
    this.setTimer(this.delays.next(), HOLD_TIMER_TAG);
  }

  override onTimer(): void {
    this.setTimer(this.delays.next(), HOLD_TIMER_TAG);
  }
}

/**
 * The seqsim kernel: N processes with one timer each, the shape of a real world (many actors, a
 * few timers apiece), so every event pays Simulation.run's full path: queue, dispatch, trace hash.
 */
export class KernelHold implements HoldModel {
  private readonly sim = new Simulation({ seed: 'bench', maxSteps: Infinity });

  constructor(pending: number, delaysUs: Float64Array) {
    const delays = new DelayCycle(delaysUs);
    for (let i = 0; i < pending; i++) this.sim.add(new HoldProcess(i, delays));
  }

  runUntil(untilUs: number): number {
    const stepsBefore = this.sim.steps;
    const stop = this.sim.run(untilUs);
    if (stop !== 'until') throw new Error(`kernel hold run stopped early: ${stop}`);
    return this.sim.steps - stepsBefore;
  }
}
