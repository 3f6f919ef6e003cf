// Carries out a fault schedule on a world: starts each fault at its time, ends it after its
// duration, and heals everything at the end of the workload so liveness can be judged.
import type { LinkProfile } from '../sim/linkProfile.js';
import type { Process } from '../sim/process.js';
import type { RandomStream } from '../sim/random.js';
import type { CrashHook } from '../sim/simulation.js';
import { Device } from '../system/device.js';
import type { World } from '../system/world.js';
import { EV_FAULT, FAULT_END, FAULT_HEAL, FAULT_HIT, FAULT_INSTANT, FAULT_PEER_END, FAULT_PEER_START, FAULT_START } from './faultEvents.js';
import { FAULT_KIND_NAMES, type FaultSpec } from './kinds.js';
import { LINK_PROFILE_NAMES, LINK_PROFILES } from './profiles.js';
import { reconnectStorm, STORM_LOGIN_SERVICE_US } from './reconnectStorm.js';
import { allocatorFailover, msgStoreFailover, powerLoss } from './storageFaults.js';
import { parseSelector, resolveTargets } from './targets.js';
import { Triggers } from './triggers.js';

/** A stall with no duration given lasts this long. */
const DEFAULT_STALL_US = 10_000_000;

interface ActiveFault {
  readonly spec: FaultSpec;
  readonly targets: readonly Process[];
  /** Processes on the far side of a partition: cut off as well, though not the fault's targets. */
  readonly peers: readonly number[];
  readonly end: () => void;
}

/** How a fault is undone, and who else it touches; undefined for a fault with no duration. */
interface Applied {
  readonly end: () => void;
  readonly peers?: readonly number[];
}

interface ArmedPoint {
  readonly spec: FaultSpec;
  /** Targets that have not hit the point yet. */
  readonly waiting: Set<number>;
}

export class FaultInjector implements CrashHook {
  /** In the order they started (a Set: ending one of 12,000 faults copied the list each time). */
  private readonly active = new Set<ActiveFault>();
  private armed: ArmedPoint[] = [];
  /** Per process: the weak link profiles on it now, latest last (the latest rules while it lasts). */
  private readonly profiles = new Map<number, LinkProfile[]>();
  private readonly random: RandomStream;
  /** Faults timed to protocol moments (`on`), which strike their first target to reach the moment. */
  private readonly triggers: Triggers;

  constructor(
    private readonly world: World,
    specs: readonly FaultSpec[],
  ) {
    const sim = world.sim;
    this.random = sim.random.stream('faults');
    this.triggers = new Triggers(sim, specs, (spec, target) => {
      // A device reinstalled since it reached the moment is gone; its replacement did not reach it.
      if (!(target instanceof Device && world.isRetired(target))) this.start(spec, [target]);
    });
    // Every crash point of every process would call the hook: only a run with a fault that can
    // strike at one (a crash point, or a fault timed to a moment) has it.
    if (specs.some((spec) => spec.kind === 'crash-point' || spec.on !== undefined)) sim.crashHook = this;
    for (const spec of specs) {
      sim.at(spec.atUs, `fault ${spec.kind}`, () => (spec.on === undefined ? this.start(spec) : this.triggers.arm(spec, this.targetsOf(spec))));
    }
  }

  /**
   * Ends every fault and restarts every crashed process. With `foreground`, every app comes to the
   * foreground too; without, apps in the background stay there and must catch up by platform push
   * or background fetch (so liveness judges the wake path).
   */
  healAll(foreground: boolean): void {
    const sim = this.world.sim;
    for (const fault of [...this.active]) this.finish(fault, foreground || fault.spec.kind !== 'background');
    this.armed = [];
    this.triggers.disarm();
    sim.trace.emit(EV_FAULT, -1, 0, -1, FAULT_HEAL);
    sim.network.healAll();
    for (const process of sim.processes) {
      if (process instanceof Device && this.world.isRetired(process)) continue;
      if (!process.up) sim.restart(process.id);
    }
    if (foreground) for (const device of this.world.devices) if (!this.world.isRetired(device)) device.goForeground();
  }

  private targetsOf(spec: FaultSpec): Process[] {
    const selector = parseSelector(spec.target);
    if (typeof selector === 'string') throw new Error(selector);
    return resolveTargets(this.world, selector, this.random);
  }

  private start(spec: FaultSpec, targets: readonly Process[] = this.targetsOf(spec)): void {
    const applied = this.apply(spec, targets);
    for (const target of targets) this.emit(spec, target.id, applied === undefined ? FAULT_INSTANT : FAULT_START);
    if (applied === undefined) return;
    const peers = applied.peers ?? [];
    for (const peer of peers) this.emit(spec, peer, FAULT_PEER_START);
    const fault: ActiveFault = { spec, targets, peers, end: applied.end };
    this.active.add(fault);
    const forUs = spec.kind === 'stall' ? stallUs(spec) : spec.forUs;
    if (forUs !== undefined) this.world.sim.at(this.world.sim.nowUs + forUs, `end ${spec.kind}`, () => this.finish(fault));
  }

  /** Ends a fault; `undo` false leaves its effect in place (apps the heal leaves in the background). */
  private finish(fault: ActiveFault, undo = true): void {
    if (!this.active.delete(fault)) return;
    for (const target of fault.targets) this.emit(fault.spec, target.id, FAULT_END);
    for (const peer of fault.peers) this.emit(fault.spec, peer, FAULT_PEER_END);
    if (undo) fault.end();
  }

  /** Applies a fault; returns how to undo it, or undefined if it has no end. */
  private apply(spec: FaultSpec, targets: readonly Process[]): Applied | undefined {
    const sim = this.world.sim;
    const network = sim.network;
    const ids = targets.map((t) => t.id);
    switch (spec.kind) {
      case 'crash':
      case 'kill':
      case 'silent-host-loss':
        for (const id of ids) sim.crash(id, spec.kind, spec.kind === 'silent-host-loss');
        return { end: () => this.restart(ids) };
      case 'crash-point':
        this.armed.push({ spec, waiting: new Set(ids) });
        return undefined;
      case 'partition': {
        const other = parseSelector(spec.to ?? '');
        if (typeof other === 'string') throw new Error(`partition "to": ${other}`);
        const peers = resolveTargets(this.world, other, this.random).map((t) => t.id);
        const cut = network.partition(ids, peers, spec.oneWay === true);
        return { end: () => network.heal(cut), peers };
      }
      case 'offline': {
        const cut = network.partition(ids, sim.processes.map((p) => p.id));
        return { end: () => network.heal(cut) };
      }
      case 'half-open':
        for (const id of ids) for (const conn of network.connectionsOfProcess(id)) network.halfOpen(conn);
        return undefined;
      case 'break-connections':
        for (const id of ids) for (const conn of network.connectionsOfProcess(id)) network.breakConnection(conn);
        return undefined;
      case 'network-profile':
        return this.pushProfile(ids, LINK_PROFILES[spec.profile ?? '2g'], (id, profile) => network.setNodeProfile(id, profile));
      case 'dc-link': {
        const profile = LINK_PROFILES[spec.profile ?? 'dc-jitter'];
        // A replaying profile leaves the run's own link as it is and adds the late copies.
        const applied = profile.replay === undefined ? profile : { ...this.world.spec.knobs.dataCenterLink, duplicateRate: profile.duplicateRate, replay: profile.replay };
        return this.pushProfile(ids, applied, (id, linkProfile) => network.setServerProfile(id, linkProfile));
      }
      case 'stall':
        // The network holds everything until the stall's end; ending it early (the heal) changes nothing.
        for (const id of ids) network.stall(id, sim.nowUs + stallUs(spec));
        return { end: () => {} };
      case 'background': {
        const devices = targets.filter((t): t is Device => t instanceof Device && t.up);
        for (const device of devices) device.goBackground();
        return { end: () => devices.forEach((device) => device.up && device.goForeground()) };
      }
      case 'directory-change':
        return this.changeDirectory(spec, targets);
      case 'restore-backup': {
        const backups = targets.filter((t): t is Device => t instanceof Device && !this.world.isRetired(t)).map((device) => ({ device, backup: this.world.backup(device) }));
        return { end: () => backups.forEach(({ device, backup }) => this.world.restore(device, backup)) };
      }
      case 'reinstall':
        for (const device of targets) if (device instanceof Device && !this.world.isRetired(device)) this.world.reinstall(device);
        return undefined;
      case 'platform-off': {
        const services = this.world.platformServices.filter((s) => ids.includes(s.id));
        for (const service of services) service.enabled = false;
        return { end: () => services.forEach((service) => (service.enabled = this.world.spec.knobs.platformPush.enabled)) };
      }
      // ---- replicated storage (storageFaults.ts) ----
      case 'msgstore-failover':
        return msgStoreFailover(this.world, spec, targets, this.random);
      case 'allocator-failover':
        return allocatorFailover(this.world, spec, targets);
      case 'power-loss':
        return powerLoss(this.world, targets);
      case 'reconnect-storm':
        return reconnectStorm(this.world, spec, targets);
    }
  }

  /** The target users (those the selector's devices belong to) block `to`, or join or leave `group`. */
  private changeDirectory(spec: FaultSpec, targets: readonly Process[]): Applied {
    const world = this.world;
    const users = [...new Set(targets.filter((t): t is Device => t instanceof Device).map((device) => device.user))];
    const other = (): number[] => {
      if (spec.change !== 'block') return [spec.group!];
      const selector = parseSelector(spec.to ?? '');
      if (typeof selector === 'string') throw new Error(`directory-change "to": ${selector}`);
      return [...new Set(resolveTargets(world, selector, this.random).filter((t): t is Device => t instanceof Device).map((device) => device.user))];
    };
    const others = other();
    const [change, undo] = ({ block: ['block', 'unblock'], join: ['join', 'leave'], leave: ['leave', 'join'] } as const)[spec.change ?? 'block'];
    // Only what this fault changed is undone (a block that was there already stays).
    const changed: [number, number][] = [];
    for (const user of users) for (const to of others) if (user !== to && world.changeDirectory(change, user, to)) changed.push([user, to]);
    return { end: () => changed.forEach(([user, to]) => world.changeDirectory(undo, user, to)) };
  }

  /**
   * Puts `profile` on the targets' links; faults may overlap, and each takes only its own away when
   * it ends. Each stack changes in place (copying it each time made 12,000 faults quadratic).
   */
  private pushProfile(ids: readonly number[], profile: LinkProfile, apply: (id: number, profile: LinkProfile | undefined) => void): Applied {
    for (const id of ids) {
      let stack = this.profiles.get(id);
      if (stack === undefined) this.profiles.set(id, (stack = []));
      stack.push(profile);
      apply(id, profile);
    }
    return {
      end: () => {
        for (const id of ids) {
          const stack = this.profiles.get(id) ?? [];
          const at = stack.lastIndexOf(profile);
          if (at >= 0) stack.splice(at, 1);
          apply(id, stack[stack.length - 1]);
        }
      },
    };
  }

  /** A process reached a crash point: whether an armed fault crashes it there (Simulation's CrashHook). */
  crashPointReached(process: Process, point: string): boolean {
    this.triggers.crashPointReached(process, point);
    for (const armed of this.armed) {
      if (armed.spec.point !== point || !armed.waiting.delete(process.id)) continue;
      this.emit(armed.spec, process.id, FAULT_HIT);
      const forUs = armed.spec.forUs;
      if (forUs !== undefined) {
        this.world.sim.at(this.world.sim.nowUs + forUs, 'restart after crash point', () => {
          this.emit(armed.spec, process.id, FAULT_END);
          this.restart([process.id]);
        });
      }
      return true;
    }
    return false;
  }

  private restart(ids: readonly number[]): void {
    for (const id of ids) {
      const process = this.world.sim.process(id);
      if (process instanceof Device && this.world.isRetired(process)) continue;
      this.world.sim.restart(id);
    }
  }

  private emit(spec: FaultSpec, target: number, phase: number): void {
    const detail = faultDetail(spec);
    this.world.sim.trace.emit(EV_FAULT, -1, FAULT_KIND_NAMES.indexOf(spec.kind), target, phase, detail);
  }
}

/** The fault event's detail: a profile's index (network-profile, dc-link), a storm's login cost in ms, a stall's length in ms. */
function faultDetail(spec: FaultSpec): number {
  if (spec.profile !== undefined) return LINK_PROFILE_NAMES.indexOf(spec.profile);
  if (spec.kind === 'reconnect-storm') return Math.round((spec.loginServiceUs ?? STORM_LOGIN_SERVICE_US) / 1_000);
  if (spec.kind === 'stall') return Math.round(stallUs(spec) / 1_000);
  return 0;
}

/** How long a stall holds its targets' traffic. */
function stallUs(spec: FaultSpec): number {
  return spec.forUs ?? DEFAULT_STALL_US;
}
