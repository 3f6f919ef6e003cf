// Which server instances a message or a pull passes through: the topology's routing, as the oracle
// needs it to ask whether anything on a path was under a fault. It judges nothing about routing.
import type { Platform } from '../system/config.js';
import { platformServiceOf, route, sectionOf, type Topology } from '../system/topology.js';

export class Routes {
  constructor(
    private readonly topology: Topology,
    private readonly sectionSize: number,
  ) {}

  sendSvrOf(user: number): number {
    return route(this.topology.sendSvrs, user);
  }

  msgStoreOf(user: number): number {
    return route(this.topology.msgStores, user);
  }

  allocatorOf(user: number): number {
    return route(this.topology.allocators, sectionOf(user, this.sectionSize));
  }

  pushSvrOf(user: number): number {
    return route(this.topology.pushSvrs, user);
  }

  receiveSvrOf(user: number): number {
    return route(this.topology.receiveSvrs, user);
  }

  get connectSvrs(): readonly number[] {
    return this.topology.connectSvrs;
  }

  /** The platform push service that can wake a device of this platform, if it has one. */
  platformServiceOf(platform: Platform): number | undefined {
    const service = platformServiceOf(platform);
    return service === undefined ? undefined : this.topology.platformServices[service];
  }
}
