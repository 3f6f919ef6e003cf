// When the network may deliver old datagrams again: while a dc-link fault that replays is on, and
// until its latest copy can have landed after it ends. Such a fault is no disturbance (disturbances.ts:
// every handler must take a copy for a copy), but a rule that infers which request a server heard
// last from counting its receipts must not count through one.
import { EV_FAULT, FAULT_END, FAULT_HEAL, FAULT_START } from '../faults/faultEvents.js';
import { FAULT_KIND_NAMES } from '../faults/kinds.js';
import { LINK_PROFILE_NAMES, LINK_PROFILES } from '../faults/profiles.js';
import { latencyMaxUs } from '../sim/random.js';
import type { Simulation } from '../sim/simulation.js';

export class Replays {
  /** Replaying faults on now (by target), and the spans when copies could land, flat: [from, until, ...]. */
  private readonly active = new Map<number, { readonly sinceUs: number; copyMaxUs: number; count: number }>();
  private readonly spans: number[] = [];

  constructor(sim: Simulation) {
    sim.trace.on(EV_FAULT, (timeUs, _actor, kindIndex, target, phase, detail) => {
      if (phase === FAULT_HEAL) {
        for (const healed of [...this.active.keys()]) this.close(healed, timeUs);
        return;
      }
      if (FAULT_KIND_NAMES[kindIndex] !== 'dc-link') return;
      const replay = LINK_PROFILES[LINK_PROFILE_NAMES[detail]!].replay;
      if (replay === undefined) return;
      const copyMaxUs = latencyMaxUs(replay.medianUs, replay.p99Us);
      const on = this.active.get(target);
      if (phase === FAULT_START && on !== undefined) {
        on.count++;
        on.copyMaxUs = Math.max(on.copyMaxUs, copyMaxUs);
      } else if (phase === FAULT_START) this.active.set(target, { sinceUs: timeUs, copyMaxUs, count: 1 });
      else if (phase === FAULT_END && on !== undefined && --on.count === 0) this.close(target, timeUs);
    });
  }

  /** Whether a copy of an old datagram could have landed anywhere during [fromUs, toUs]. */
  during(fromUs: number, toUs: number): boolean {
    for (const { sinceUs } of this.active.values()) if (sinceUs <= toUs) return true;
    for (let i = 0; i < this.spans.length; i += 2) if (this.spans[i]! <= toUs && this.spans[i + 1]! >= fromUs) return true;
    return false;
  }

  private close(target: number, timeUs: number): void {
    const on = this.active.get(target);
    if (on === undefined) return;
    this.active.delete(target);
    this.spans.push(on.sinceUs, timeUs + on.copyMaxUs);
  }
}
