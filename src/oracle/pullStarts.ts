// When each device's latest pull began: its first try, not a retry of it. A rule that asks what
// happened "for this pull" (a MsgStore read, a page cut short) counts from here.
import type { Simulation } from '../sim/simulation.js';
import { EV_PULL, PULL_REASONS } from '../system/events.js';
import { PerProcess } from './perProcess.js';

const RETRY = PULL_REASONS.indexOf('retry');

export class PullStarts {
  private readonly startedUs = new PerProcess(-1);

  constructor(sim: Simulation) {
    sim.trace.on(EV_PULL, (timeUs, device, _seqCli, _reqId, reason) => {
      if (reason !== RETRY) this.startedUs.set(device, timeUs);
    });
  }

  /** When the device's latest pull began; -1 before its first. */
  of(device: number): number {
    return this.startedUs.get(device);
  }

  /** Whether this pull is a retry of the device's latest. */
  static isRetry(reason: number): boolean {
    return reason === RETRY;
  }
}
