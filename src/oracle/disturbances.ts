// Which process was under a fault, and when: the oracle's view of the fault model, built from the
// fault layer's trace events. A fault disturbs its targets (and the far side of a partition) from
// its start to its end, and then for a tail while its effects linger: a request lost to it times
// out and is retried, a half-open link is found only by heartbeats, a weak link's slowest message
// lands long after the link recovered. Latency classes and deadlines use it to tell the system's
// own slowness from what a fault explains, path by path rather than with one global flag.
import { EV_FAULT, FAULT_END, FAULT_HEAL, FAULT_HIT, FAULT_INSTANT, FAULT_PEER_END, FAULT_PEER_START, FAULT_START, stallHeldUntilUs } from '../faults/faultEvents.js';
import { FAULT_KIND_NAMES, type FaultKind } from '../faults/kinds.js';
import { LINK_PROFILE_NAMES, LINK_PROFILES } from '../faults/profiles.js';
import { latencyMaxUs } from '../sim/random.js';
import type { Simulation } from '../sim/simulation.js';
import type { SystemKnobs } from '../system/config.js';
import { connectionHopMaxUs, connectionMayDie, loginQueueWaitUs, type Bounds } from './bounds.js';
import { devicePullTimeoutUs } from './linkBudgets.js';

/** Fault kinds that are a state the oracle follows otherwise (an app in the background), not a disturbance. */
const NOT_DISTURBANCES: ReadonlySet<FaultKind> = new Set(['background', 'reinstall']);

/**
 * A dc-link fault that only replays datagrams (the run's own link otherwise): each original arrived
 * as it would have, and a late copy is no excuse. Every handler must know it for a copy.
 */
function replaysOnly(kind: FaultKind, detail: number): boolean {
  return kind === 'dc-link' && LINK_PROFILES[LINK_PROFILE_NAMES[detail]!].replay !== undefined;
}

/** A span of a fault that lasted, or of one that struck at an instant (a connection broken or made half-open) and its tail. */
const SPAN = 0;
const INSTANT = 1;

interface ProcessDisturbance {
  /** Faults on the process now. */
  active: number;
  openSinceUs: number;
  /** The longest tail among the faults now active. */
  openTailUs: number;
  /** Until when a stall holds its traffic (a heal ends the fault, not what the network holds). */
  heldUntilUs: number;
  /** Closed spans, flat: [from, until, how, from, until, how, ...] (how: SPAN or INSTANT). */
  readonly spans: number[];
}

export class Disturbances {
  private readonly byProcess: (ProcessDisturbance | undefined)[] = [];
  /** Until when some process anywhere is disturbed (Infinity while a fault is active). */
  private anyUntilUs = -Infinity;
  private activeTotal = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly bounds: Bounds,
    private readonly knobs: SystemKnobs,
    /**
     * How long a crash disturbs `process` once it is back: a server whose restart tells its peers at
     * once is over it when they have heard (the oracle keeps two views; see Oracle).
     */
    private readonly crashTailUs: (process: number) => number,
  ) {
    sim.trace.on(EV_FAULT, (timeUs, _actor, kindIndex, target, phase, detail) => {
      if (phase === FAULT_HEAL) return this.healAll(timeUs);
      const kind = FAULT_KIND_NAMES[kindIndex]!;
      if (NOT_DISTURBANCES.has(kind) || replaysOnly(kind, detail)) return;
      const tailUs = this.tailUs(kind, detail, target);
      if (kind === 'stall' && phase === FAULT_START) {
        const state = this.state(target);
        state.heldUntilUs = Math.max(state.heldUntilUs, stallHeldUntilUs(timeUs, detail));
      }
      if (phase === FAULT_START || phase === FAULT_PEER_START || phase === FAULT_HIT) this.begin(target, timeUs, tailUs);
      else if (phase === FAULT_END || phase === FAULT_PEER_END) this.end(target, timeUs);
      // Arming a crash point changes nothing until it is hit.
      else if (phase === FAULT_INSTANT && kind !== 'crash-point') this.span(target, timeUs, timeUs + tailUs, INSTANT);
    });
  }

  /** Whether `process` was disturbed at any moment of [fromUs, toUs]. */
  /** Whether no process anywhere has been disturbed since `fromUs` (then no path needs asking about). */
  calmSince(fromUs: number): boolean {
    return this.activeTotal === 0 && fromUs > this.anyUntilUs;
  }

  /**
   * With `sinceUs` (when the device's current session began), an instant fault that struck before it
   * does not count: its tail covers the connection it broke, and the session runs on a new one.
   */
  touched(process: number, fromUs: number, toUs: number, sinceUs = -Infinity): boolean {
    if (this.calmSince(fromUs)) return false;
    const state = this.byProcess[process];
    if (state === undefined) return false;
    if (state.active > 0 && state.openSinceUs <= toUs) return true;
    const spans = state.spans;
    for (let i = spans.length - 3; i >= 0; i -= 3) {
      if (spans[i]! <= toUs && spans[i + 1]! >= fromUs && !(spans[i + 2] === INSTANT && spans[i]! < sinceUs)) return true;
    }
    return false;
  }

  /** When `process` is clear of every disturbance that reaches past `fromUs` (Infinity while one lasts). */
  clearUs(process: number, fromUs: number): number {
    const state = this.byProcess[process];
    if (state === undefined) return fromUs;
    if (state.active > 0) return Infinity;
    let clearUs = fromUs;
    const spans = state.spans;
    for (let i = 1; i < spans.length; i += 3) clearUs = Math.max(clearUs, spans[i]!);
    return clearUs;
  }

  /** How long a fault of this kind keeps disturbing a process after it ends. */
  private tailUs(kind: FaultKind, detail: number, target: number): number {
    const bounds = this.bounds;
    const device = this.sim.process(target)?.netClass === 'device';
    switch (kind) {
      case 'crash':
        return this.crashTailUs(target);
      // The process's long connections may have died without a word: heartbeats find out.
      case 'half-open':
      case 'silent-host-loss':
        return bounds.halfOpenTailUs;
      // Cut off: a device's connections may have died without a word; a server's lost datagrams are retried.
      case 'offline':
      case 'partition':
        return device ? bounds.halfOpenTailUs : bounds.faultTailUs;
      case 'network-profile': {
        // The weak link's slowest message (retransmissions included) may land long after it recovered,
        // and a pull made on it waits out the longer timeout a slow link gets.
        const profile = LINK_PROFILES[LINK_PROFILE_NAMES[detail]!];
        const slowPullUs = devicePullTimeoutUs(bounds.pullTimeoutUs, profile.bandwidthKbps) - bounds.pullTimeoutUs;
        const tailUs = connectionHopMaxUs(profile) + slowPullUs + bounds.faultTailUs;
        // On a link where a connection may die with no fault (lossy enough for TCP to give up, or too
        // slow for the heartbeats), one may die during the fault: as after a half-open break, only the
        // heartbeat timeouts find it.
        return connectionMayDie(profile, this.knobs) ? Math.max(tailUs, bounds.halfOpenTailUs) : tailUs;
      }
      case 'dc-link': {
        // Its slowest datagram may land long after the link recovered. One later than the longest
        // wait before a retry (faultTailUs) has been replaced by the retry: as good as lost, which
        // faultTailUs already covers. Without that cap, dc-reordering's slowest (1 ms median, 300 ms
        // p99, 6 sigma) is 2,440 s, and every promise through its targets lapsed for the rest of the run.
        const profile = LINK_PROFILES[LINK_PROFILE_NAMES[detail]!];
        return Math.min(latencyMaxUs(profile.latencyMedianUs, profile.latencyP99Us), bounds.faultTailUs) + bounds.faultTailUs;
      }
      // A failed-over shard, a paused allocator group, a server that lost power: as after a crash,
      // what was lost is tried again (an append by SendSvr and then the device, an allocation by the
      // MsgStore, through the shard map and route table to whoever serves now) once it is back. The
      // fault spans the whole group (the shard's replicas; the owner, standbys and max_seq store)
      // until the old primary or owner is back, so a takeover made during it is covered too.
      case 'msgstore-failover':
      case 'allocator-failover':
      case 'power-loss':
        return bounds.faultTailUs;
      // Logins queued at the storm's cost (detail, in ms) drain after it ends; refused devices retry.
      case 'reconnect-storm':
        return loginQueueWaitUs(bounds.loginQueueCap, detail * 1_000) + bounds.connectMaxUs + bounds.faultTailUs;
      default:
        return bounds.faultTailUs;
    }
  }

  private state(process: number): ProcessDisturbance {
    return (this.byProcess[process] ??= { active: 0, openSinceUs: 0, openTailUs: 0, heldUntilUs: -Infinity, spans: [] });
  }

  private begin(process: number, timeUs: number, tailUs: number): void {
    const state = this.state(process);
    if (state.active === 0) state.openSinceUs = timeUs;
    state.active++;
    state.openTailUs = Math.max(state.openTailUs, tailUs);
    this.activeTotal++;
  }

  private end(process: number, timeUs: number): void {
    const state = this.state(process);
    if (state.active === 0) return;
    state.active--;
    this.activeTotal--;
    if (state.active > 0) return;
    this.span(process, state.openSinceUs, Math.max(timeUs, state.heldUntilUs) + state.openTailUs, SPAN);
    state.openTailUs = 0;
  }

  private span(process: number, fromUs: number, untilUs: number, how: typeof SPAN | typeof INSTANT): void {
    this.state(process).spans.push(fromUs, untilUs, how);
    this.anyUntilUs = Math.max(this.anyUntilUs, untilUs);
  }

  private healAll(timeUs: number): void {
    this.byProcess.forEach((state, process) => {
      while (state !== undefined && state.active > 0) this.end(process, timeUs);
    });
  }
}
