// When a datagram to or from a process may land later than a data-centre hop: while a fault that
// holds datagrams back is on it (a data-centre link fault, slow or replaying; a pause, whose
// process takes what waited when it resumes), and until the slowest can have landed after it ends.
// A stall holds what it caught for its whole length, even past the heal, which ends it early in
// name only (injector.ts): a ConnectSvr stalled past the heal was judged for refreshes the stall
// still held, and the correct system failed.
// A rule that infers when a datagram was sent from when it landed must not do so through one.
import { EV_FAULT, FAULT_END, FAULT_HEAL, FAULT_PEER_END, FAULT_PEER_START, FAULT_START, stallHeldUntilUs } from '../faults/faultEvents.js';
import { FAULT_KIND_NAMES, type FaultKind } from '../faults/kinds.js';
import { LINK_PROFILE_NAMES, LINK_PROFILES } from '../faults/profiles.js';
import { latencyMaxUs } from '../sim/random.js';
import type { Simulation } from '../sim/simulation.js';

const HOLDING: ReadonlySet<FaultKind> = new Set(['dc-link', 'allocator-failover', 'stall']);

export class HeldBack {
  /**
   * By process: holding faults on it now, since when, the longest a datagram of theirs may land
   * after they end, and until when a stall holds datagrams whenever they end (-Infinity: none).
   */
  private readonly open = new Map<number, { readonly sinceUs: number; tailUs: number; heldUntilUs: number; count: number }>();
  /** By process: closed spans when its datagrams may have been held, flat [from, until, ...]. */
  private readonly spans = new Map<number, number[]>();

  constructor(sim: Simulation, dcHopMaxUs: number) {
    sim.trace.on(EV_FAULT, (timeUs, _actor, kindIndex, process, phase, detail) => {
      if (phase === FAULT_HEAL) {
        for (const healed of [...this.open.keys()]) this.close(healed, timeUs);
        return;
      }
      const kind = FAULT_KIND_NAMES[kindIndex]!;
      if (!HOLDING.has(kind)) return;
      const starts = phase === FAULT_START || phase === FAULT_PEER_START;
      if (!starts && phase !== FAULT_END && phase !== FAULT_PEER_END) return;
      const on = this.open.get(process);
      if (!starts) {
        if (on !== undefined && --on.count === 0) this.close(process, timeUs);
        return;
      }
      const tailUs = kind === 'dc-link' ? linkTailUs(detail) : dcHopMaxUs;
      const heldUntilUs = kind === 'stall' ? stallHeldUntilUs(timeUs, detail) + dcHopMaxUs : -Infinity;
      if (on === undefined) this.open.set(process, { sinceUs: timeUs, tailUs, heldUntilUs, count: 1 });
      else {
        on.count++;
        on.tailUs = Math.max(on.tailUs, tailUs);
        on.heldUntilUs = Math.max(on.heldUntilUs, heldUntilUs);
      }
    });
  }

  /** Whether `process`'s datagrams may have been held back during [fromUs, toUs]. */
  touched(process: number, fromUs: number, toUs: number): boolean {
    const on = this.open.get(process);
    if (on !== undefined && on.sinceUs <= toUs) return true;
    const spans = this.spans.get(process);
    if (spans === undefined) return false;
    for (let i = 0; i < spans.length; i += 2) if (spans[i]! <= toUs && spans[i + 1]! >= fromUs) return true;
    return false;
  }

  private close(process: number, timeUs: number): void {
    const on = this.open.get(process)!;
    this.open.delete(process);
    let spans = this.spans.get(process);
    if (spans === undefined) this.spans.set(process, (spans = []));
    spans.push(on.sinceUs, Math.max(timeUs + on.tailUs, on.heldUntilUs));
  }
}

/** The longest a datagram on a data-centre link of this profile takes, a replayed copy included. */
function linkTailUs(profileIndex: number): number {
  const profile = LINK_PROFILES[LINK_PROFILE_NAMES[profileIndex]!];
  const hopUs = latencyMaxUs(profile.latencyMedianUs, profile.latencyP99Us);
  return profile.replay === undefined ? hopUs : Math.max(hopUs, latencyMaxUs(profile.replay.medianUs, profile.replay.p99Us));
}
