// Carries out a fault schedule on a world: starts each fault at its time, ends it after its
// duration, and heals everything at the end of the workload so liveness can be judged.
import type { Process } from '../sim/process.js';
import type { RandomStream } from '../sim/random.js';
import { Device } from '../system/device.js';
import type { World } from '../system/world.js';
import { EV_FAULT, FAULT_END, FAULT_HEAL, FAULT_HIT, FAULT_INSTANT, FAULT_START } from './faultEvents.js';
import { FAULT_KIND_NAMES, type FaultSpec } from './kinds.js';
import { NETWORK_PROFILES } from './profiles.js';
import { parseSelector, resolveTargets } from './targets.js';

/** A stall with no duration given lasts this long. */
const DEFAULT_STALL_US = 10_000_000;

interface ActiveFault {
  readonly spec: FaultSpec;
  readonly targets: readonly Process[];
  readonly end: () => void;
}

interface ArmedPoint {
  readonly spec: FaultSpec;
  /** Targets that have not hit the point yet. */
  readonly waiting: Set<number>;
}

export class FaultInjector {
  private active: ActiveFault[] = [];
  private armed: ArmedPoint[] = [];
  private readonly random: RandomStream;

  constructor(
    private readonly world: World,
    specs: readonly FaultSpec[],
  ) {
    const sim = world.sim;
    this.random = sim.random.stream('faults');
    sim.crashHook = (process, point) => this.crashPointReached(process, point);
    for (const spec of specs) sim.at(spec.atUs, `fault ${spec.kind}`, () => this.start(spec));
  }

  /** Ends every fault, restarts every crashed process, brings every app to the foreground. */
  healAll(): void {
    const sim = this.world.sim;
    for (const fault of [...this.active]) this.finish(fault);
    this.armed = [];
    sim.trace.emit(EV_FAULT, -1, 0, -1, FAULT_HEAL);
    sim.network.healAll();
    for (const process of sim.processes) {
      if (process instanceof Device && this.world.isRetired(process)) continue;
      if (!process.up) sim.restart(process.id);
    }
    for (const device of this.world.devices) if (!this.world.isRetired(device)) device.goForeground();
  }

  private start(spec: FaultSpec): void {
    const selector = parseSelector(spec.target);
    if (typeof selector === 'string') throw new Error(selector);
    const targets = resolveTargets(this.world, selector, this.random);
    const end = this.apply(spec, targets);
    for (const target of targets) this.emit(spec, target.id, end === undefined ? FAULT_INSTANT : FAULT_START);
    if (end === undefined) return;
    const fault: ActiveFault = { spec, targets, end };
    this.active.push(fault);
    if (spec.forUs !== undefined) this.world.sim.at(this.world.sim.nowUs + spec.forUs, `end ${spec.kind}`, () => this.finish(fault));
  }

  private finish(fault: ActiveFault): void {
    if (!this.active.includes(fault)) return;
    this.active = this.active.filter((f) => f !== fault);
    for (const target of fault.targets) this.emit(fault.spec, target.id, FAULT_END);
    fault.end();
  }

  /** Applies a fault; returns how to undo it, or undefined if it has no end. */
  private apply(spec: FaultSpec, targets: readonly Process[]): (() => void) | undefined {
    const sim = this.world.sim;
    const network = sim.network;
    const ids = targets.map((t) => t.id);
    switch (spec.kind) {
      case 'crash':
      case 'kill':
        for (const id of ids) sim.crash(id, spec.kind);
        return () => this.restart(ids);
      case 'crash-point':
        this.armed.push({ spec, waiting: new Set(ids) });
        return undefined;
      case 'partition': {
        const other = parseSelector(spec.to ?? '');
        if (typeof other === 'string') throw new Error(`partition "to": ${other}`);
        const cut = network.partition(ids, resolveTargets(this.world, other, this.random).map((t) => t.id), spec.oneWay === true);
        return () => network.heal(cut);
      }
      case 'offline': {
        const cut = network.partition(ids, sim.processes.map((p) => p.id));
        return () => network.heal(cut);
      }
      case 'half-open':
        for (const id of ids) for (const conn of network.connectionsOfProcess(id)) network.halfOpen(conn);
        return undefined;
      case 'break-connections':
        for (const id of ids) for (const conn of network.connectionsOfProcess(id)) network.breakConnection(conn);
        return undefined;
      case 'network-profile': {
        const before = ids.map((id) => network.nodeProfile(id));
        for (const id of ids) network.setNodeProfile(id, NETWORK_PROFILES[spec.profile ?? '2g']);
        return () => ids.forEach((id, i) => network.setNodeProfile(id, before[i]));
      }
      case 'stall':
        for (const id of ids) network.stall(id, sim.nowUs + (spec.forUs ?? DEFAULT_STALL_US));
        return undefined;
      case 'background': {
        const devices = targets.filter((t): t is Device => t instanceof Device && t.up);
        for (const device of devices) device.goBackground();
        return () => devices.forEach((device) => device.up && device.goForeground());
      }
      case 'reinstall':
        for (const device of targets) if (device instanceof Device && !this.world.isRetired(device)) this.world.reinstall(device);
        return undefined;
      case 'platform-off': {
        const services = this.world.platformServices.filter((s) => ids.includes(s.id));
        for (const service of services) service.enabled = false;
        return () => services.forEach((service) => (service.enabled = this.world.spec.knobs.platformPush.enabled));
      }
    }
  }

  private crashPointReached(process: Process, point: string): boolean {
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
    this.world.sim.trace.emit(EV_FAULT, -1, FAULT_KIND_NAMES.indexOf(spec.kind), target, phase);
  }
}
