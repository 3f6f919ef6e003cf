// Which access network each device was on, and when: a network-profile fault puts a device on a
// weak profile for a while. A message the device sent just before it went silent may still be
// crossing that link (retransmissions, bytes queued ahead of it) long after: the last time its
// ConnectSvr hears from it, and so the start of the idle timeout, can lie that far past the end.
import { EV_FAULT, FAULT_END, FAULT_HEAL, FAULT_START } from '../faults/faultEvents.js';
import { FAULT_KIND_NAMES } from '../faults/kinds.js';
import { LINK_PROFILE_NAMES, LINK_PROFILES } from '../faults/profiles.js';
import type { Simulation } from '../sim/simulation.js';
import type { SystemKnobs } from '../system/config.js';
import { connectionHopMaxUs, linkQueueMaxUs } from './bounds.js';

const NETWORK_PROFILE = FAULT_KIND_NAMES.indexOf('network-profile');

/** A weak profile on a device from `fromUs` until `untilUs` (Infinity while it lasts), and its slowest hop. */
interface Spell {
  /** Its profile's index in LINK_PROFILE_NAMES. */
  readonly profile: number;
  readonly fromUs: number;
  untilUs: number;
  readonly hopMaxUs: number;
}

export class DeviceLinks {
  private readonly spells = new Map<number, Spell[]>();

  constructor(sim: Simulation, knobs: SystemKnobs) {
    sim.trace.on(EV_FAULT, (timeUs, _actor, kind, target, phase, detail) => {
      if (phase === FAULT_HEAL) {
        for (const spells of this.spells.values()) for (const spell of spells) spell.untilUs = Math.min(spell.untilUs, timeUs);
        return;
      }
      if (kind !== NETWORK_PROFILE) return;
      let spells = this.spells.get(target);
      if (phase === FAULT_START) {
        const profile = LINK_PROFILES[LINK_PROFILE_NAMES[detail]!];
        if (spells === undefined) this.spells.set(target, (spells = []));
        spells.push({ profile: detail, fromUs: timeUs, untilUs: Infinity, hopMaxUs: connectionHopMaxUs(profile) + linkQueueMaxUs(knobs, profile) });
      } else if (phase === FAULT_END && spells !== undefined) {
        // Overlapping faults each take only their own profile away, in whatever order they end.
        const open = spells.find((spell) => spell.untilUs === Infinity && spell.profile === detail);
        if (open !== undefined) open.untilUs = timeUs;
      }
    });
  }

  /**
   * How long after `atUs`, beyond `baseHopMaxUs` (its own link's slowest hop), a message the device
   * sent by then may still arrive: one sent on a weak profile, even one that ended before `atUs`.
   */
  extraHopUs(device: number, atUs: number, baseHopMaxUs: number): number {
    let extraUs = 0;
    for (const spell of this.spells.get(device) ?? []) {
      if (spell.fromUs > atUs) continue;
      const lastArrivalUs = Math.min(atUs, spell.untilUs) + spell.hopMaxUs;
      extraUs = Math.max(extraUs, lastArrivalUs - atUs - baseHopMaxUs);
    }
    return extraUs;
  }
}
