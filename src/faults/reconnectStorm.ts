// A reconnect storm: the devices connected to the target ConnectSvrs all lose their connections
// and reconnect at the same instant (a load balancer failed over, a carrier's network came back),
// while each login costs those servers `loginServiceUs`: the login path's dependencies (auth, the
// session store) slow under the surge. Logins queue; a full queue answers hello-busy, and each
// refused device comes back after its backoff. The devices are its peers: they are disturbed.
import type { Process } from '../sim/process.js';
import { ms } from '../sim/time.js';
import { ConnectSvr } from '../system/connectSvr.js';
import { Device } from '../system/device.js';
import type { World } from '../system/world.js';
import type { FaultSpec } from './kinds.js';
import type { Ending } from './storageFaults.js';

/** A login under a storm costs this much unless the fault says otherwise. */
export const STORM_LOGIN_SERVICE_US = ms(300);

export function reconnectStorm(world: World, spec: FaultSpec, targets: readonly Process[]): Ending {
  const network = world.sim.network;
  const servers = targets.filter((t): t is ConnectSvr => t instanceof ConnectSvr);
  const devices = new Set<Device>();
  for (const server of servers) {
    server.slowLogins(spec.loginServiceUs ?? STORM_LOGIN_SERVICE_US);
    for (const conn of network.connectionsOfProcess(server.id)) {
      const client = world.sim.process(conn.client);
      if (client instanceof Device) devices.add(client);
      network.breakConnection(conn);
    }
  }
  // After the breaks land (they are queued for now), every device dials at once.
  world.sim.at(world.sim.nowUs, 'reconnect storm', () => devices.forEach((device) => device.reconnectNow()));
  return { end: () => servers.forEach((server) => server.slowLogins(undefined)), peers: [...devices].map((device) => device.id) };
}
