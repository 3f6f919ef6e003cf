// Fault accounting: how often each fault actually fired, so a run whose faults never fired cannot
// pass for a chaos run. Scheduled faults count when they start (crash points when hit); the
// network's and platform push's own misfortunes count as they happen. Also tracks whether any
// scheduled fault is active or recent, so latency can tell healthy deliveries from disturbed ones.
import type { Simulation } from '../sim/simulation.js';
import { DROP_LOSS } from '../sim/network.js';
import { traceKindByName } from '../sim/traceKinds.js';
import { EV_FAULT, FAULT_END, FAULT_HEAL, FAULT_HIT, FAULT_INSTANT, FAULT_START } from '../faults/faultEvents.js';
import { FAULT_KIND_NAMES } from '../faults/kinds.js';
import { EV_PLATFORM_LOST, PLATFORM_COALESCED, PLATFORM_DROPPED } from '../system/events.js';

export class FaultCounts {
  readonly counts: Record<string, number> = {};
  /** Scheduled faults that fired (network loss and platform misfortunes excluded). */
  scheduledFired = 0;
  /** Faults (per target) started and not yet ended. */
  active = 0;
  /** Virtual time of the latest fault event of any phase. */
  lastFaultEventUs = -Infinity;

  constructor(sim: Simulation) {
    sim.trace.on(EV_FAULT, (timeUs, _actor, kind, _target, phase) => {
      this.lastFaultEventUs = timeUs;
      if (phase === FAULT_HEAL) this.active = 0;
      else if (phase === FAULT_END) this.active = Math.max(0, this.active - 1);
      else if (phase === FAULT_START || phase === FAULT_HIT) this.active++;
      const name = FAULT_KIND_NAMES[kind]!;
      const fired = name === 'crash-point' ? phase === FAULT_HIT : phase === FAULT_START || phase === FAULT_INSTANT;
      if (!fired) return;
      this.scheduledFired++;
      this.add(name);
    });
    sim.trace.on(traceKindByName('net-drop')!, (_t, _to, _from, _type, reason) => {
      if (reason === DROP_LOSS) this.add('packet-loss');
    });
    sim.trace.on(EV_PLATFORM_LOST, (_t, _actor, _msg, _device, reason) => {
      if (reason === PLATFORM_DROPPED) this.add('platform-drop');
      else if (reason === PLATFORM_COALESCED) this.add('platform-coalesce');
    });
  }

  private add(name: string): void {
    this.counts[name] = (this.counts[name] ?? 0) + 1;
  }
}
