// Which device each long connection belongs to, and which server took it, from its accept: the
// kernel names a connection's events by its id, and rules about a device's logins and closes ask
// whose it was, and where.
import type { Simulation } from '../sim/simulation.js';
import { traceKindByName } from '../sim/traceKinds.js';
import { PerProcess } from './perProcess.js';

export class ConnClients {
  /** By connection id: its client (a device); -1 before its accept. */
  private readonly clients = new PerProcess(-1);
  /** By connection id: the server that accepted it; -1 before its accept. */
  private readonly servers = new PerProcess(-1);

  constructor(sim: Simulation) {
    sim.trace.on(traceKindByName('conn-accept')!, (_t, server, conn, client) => {
      this.clients.set(conn, client);
      this.servers.set(conn, server);
    });
  }

  /** The device at the client end of connection `conn`; -1 if no server has accepted it. */
  of(conn: number): number {
    return this.clients.get(conn);
  }

  /** The server at the other end of connection `conn`; -1 if none has accepted it. */
  serverOf(conn: number): number {
    return this.servers.get(conn);
  }
}
