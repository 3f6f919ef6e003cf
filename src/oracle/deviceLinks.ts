// Which access network each device was on, and when: a network-profile fault puts a device on a
// weak profile for a while, and a stall holds everything to and from a process until it ends. A
// message the device sent just before it went silent may still be crossing that link
// (retransmissions, bytes queued ahead of it) or be held by a stall of the device or of its
// ConnectSvr long after: the last time its ConnectSvr hears from it, and so the start of the idle
// timeout, can lie that far past the end.
import { EV_FAULT, FAULT_END, FAULT_HEAL, FAULT_START, stallHeldUntilUs } from '../faults/faultEvents.js';
import { FAULT_KIND_NAMES } from '../faults/kinds.js';
import { LINK_PROFILE_NAMES, LINK_PROFILES } from '../faults/profiles.js';
import type { Simulation } from '../sim/simulation.js';
import type { SystemKnobs } from '../system/config.js';
import { connectionHopMaxUs, linkQueueMaxUs } from './bounds.js';

const NETWORK_PROFILE = FAULT_KIND_NAMES.indexOf('network-profile');
const STALL = FAULT_KIND_NAMES.indexOf('stall');

/** A weak profile on a device from `fromUs` until `untilUs` (Infinity while it lasts), and its slowest hop. */
interface Spell {
  /** Its profile's index in LINK_PROFILE_NAMES. */
  readonly profile: number;
  readonly fromUs: number;
  untilUs: number;
  readonly hopMaxUs: number;
}

/** A device's spells of one profile still open, oldest first from `head` (closed ones before it are skipped). */
interface OpenSpells {
  readonly spells: Spell[];
  head: number;
}

export class DeviceLinks {
  private readonly spells = new Map<number, Spell[]>();
  /**
   * Per device, then per profile: its open spells, so that a fault's end finds the oldest open one
   * at once (a search through every spell took minutes with 12,000 overlapping faults).
   */
  private readonly open = new Map<number, Map<number, OpenSpells>>();
  /** Per process: its stalls, flat [from, until, ...] (until: the stall's full length, which a heal does not cut short). */
  private readonly stalls = new Map<number, number[]>();

  constructor(sim: Simulation, knobs: SystemKnobs) {
    sim.trace.on(EV_FAULT, (timeUs, _actor, kind, target, phase, detail) => {
      if (phase === FAULT_HEAL) {
        for (const spells of this.spells.values()) for (const spell of spells) spell.untilUs = Math.min(spell.untilUs, timeUs);
        return;
      }
      if (kind === STALL && phase === FAULT_START) {
        let stalls = this.stalls.get(target);
        if (stalls === undefined) this.stalls.set(target, (stalls = []));
        stalls.push(timeUs, stallHeldUntilUs(timeUs, detail));
      }
      if (kind !== NETWORK_PROFILE) return;
      if (phase === FAULT_START) {
        const profile = LINK_PROFILES[LINK_PROFILE_NAMES[detail]!];
        const spell = { profile: detail, fromUs: timeUs, untilUs: Infinity, hopMaxUs: connectionHopMaxUs(profile) + linkQueueMaxUs(knobs, profile) };
        let spells = this.spells.get(target);
        if (spells === undefined) this.spells.set(target, (spells = []));
        spells.push(spell);
        this.openSpells(target, detail).spells.push(spell);
      } else if (phase === FAULT_END) {
        // Overlapping faults each take only their own profile away, in whatever order they end:
        // the oldest spell of the profile still open (a heal has closed every spell before it).
        const open = this.openSpells(target, detail);
        while (open.head < open.spells.length && open.spells[open.head]!.untilUs !== Infinity) open.head++;
        if (open.head < open.spells.length) open.spells[open.head++]!.untilUs = timeUs;
      }
    });
  }

  /**
   * How long after `atUs`, beyond `baseHopMaxUs` (its own link's slowest hop), a message the device
   * sent by then to `connectSvr` may still arrive: one sent on a weak profile, even one that ended
   * before `atUs`, or one a stall of either end held (the network holds it until the stall's end).
   */
  extraHopUs(device: number, atUs: number, baseHopMaxUs: number, connectSvr: number): number {
    let extraUs = 0;
    for (const spell of this.spells.get(device) ?? []) {
      if (spell.fromUs > atUs) continue;
      const lastArrivalUs = Math.min(atUs, spell.untilUs) + spell.hopMaxUs;
      extraUs = Math.max(extraUs, lastArrivalUs - atUs - baseHopMaxUs);
    }
    return Math.max(extraUs, this.heldPastUs(device, atUs) - baseHopMaxUs, this.heldPastUs(connectSvr, atUs) - baseHopMaxUs);
  }

  /** Whether a weak profile was on the device at `atUs` (its link then was not the scenario's). */
  weakAt(device: number, atUs: number): boolean {
    return (this.spells.get(device) ?? []).some((spell) => spell.fromUs <= atUs && atUs <= spell.untilUs);
  }

  /**
   * The weak profile a process's link was on at `atUs` (its index in LINK_PROFILE_NAMES), -1 for
   * its own link, or undefined where that is not known for sure: a fault began or ended at that very
   * instant, or spells of two profiles were open (the network takes the latest still on, and which
   * of two spells of one profile a fault's end closes is its own affair).
   */
  profileAt(process: number, atUs: number): number | undefined {
    let profile = -1;
    for (const spell of this.spells.get(process) ?? []) {
      if (spell.fromUs === atUs || spell.untilUs === atUs) return undefined;
      if (spell.fromUs > atUs || spell.untilUs < atUs) continue;
      if (profile >= 0 && profile !== spell.profile) return undefined;
      profile = spell.profile;
    }
    return profile;
  }

  private openSpells(device: number, profile: number): OpenSpells {
    let byProfile = this.open.get(device);
    if (byProfile === undefined) this.open.set(device, (byProfile = new Map()));
    let open = byProfile.get(profile);
    if (open === undefined) byProfile.set(profile, (open = { spells: [], head: 0 }));
    return open;
  }

  /** How long after `atUs` a stall of `process` holds a message sent by then (0: none does). */
  private heldPastUs(process: number, atUs: number): number {
    let heldUs = 0;
    const stalls = this.stalls.get(process) ?? [];
    // A stall decides a message's arrival when it is sent: only stalls begun by `atUs` hold one.
    for (let i = 0; i < stalls.length; i += 2) if (stalls[i]! <= atUs) heldUs = Math.max(heldUs, stalls[i + 1]! - atUs);
    return heldUs;
  }
}
