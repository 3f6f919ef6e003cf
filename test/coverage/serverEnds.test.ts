// ProtocolWindows counts each client's and each server's open server ends, so that "does a server
// still hold another connection of this device" is answered without a pass over every connection.
// The counts must answer as that pass would, through any order of accepts, closes and crashes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolWindows } from '../../src/oracle/coverage/windows.js';
import { Ledger } from '../../src/oracle/ledger.js';
import { Simulation } from '../../src/sim/simulation.js';
import { traceKindByName } from '../../src/sim/traceKinds.js';
import { DirectoryModel } from '../../src/oracle/directoryModel.js';
import { emptyTopology } from '../../src/system/topology.js';

const CLIENTS = [1, 2, 3];
const SERVERS = [10, 11];
type Step = { kind: 'accept'; conn: number; client: number; server: number } | { kind: 'close'; conn: number; end: number } | { kind: 'crash'; process: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('accept' as const), conn: fc.integer({ min: 1, max: 8 }), client: fc.constantFrom(...CLIENTS), server: fc.constantFrom(...SERVERS) }),
  fc.record({ kind: fc.constant('close' as const), conn: fc.integer({ min: 1, max: 8 }), end: fc.constantFrom(...CLIENTS, ...SERVERS) }),
  fc.record({ kind: fc.constant('crash' as const), process: fc.constantFrom(...CLIENTS, ...SERVERS) }),
);

describe('the coverage windows', () => {
  it("answer whether a server holds another of a device's connections as a pass over every open server end would", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const sim = new Simulation({ seed: 'ends' });
        const windows = new ProtocolWindows(new Ledger(sim, new DirectoryModel({ users: 1, groups: [], blacklist: [] })), emptyTopology(), 0, 100);
        windows.follow(sim.trace);
        /** The model: conn -> its client and server, while a server holds it. */
        const open = new Map<number, { client: number; server: number }>();
        for (const s of steps) {
          if (s.kind === 'accept') {
            sim.trace.emit(traceKindByName('conn-accept')!, s.server, s.conn, s.client);
            open.set(s.conn, { client: s.client, server: s.server });
          } else if (s.kind === 'close') {
            sim.trace.emit(traceKindByName('conn-close')!, s.end, s.conn);
            if (open.get(s.conn)?.server === s.end) open.delete(s.conn);
          } else {
            sim.trace.emit(traceKindByName('crash')!, s.process);
            for (const [conn, ends] of open) if (ends.server === s.process) open.delete(conn);
          }
          for (const client of CLIENTS) {
            for (let conn = 0; conn <= 8; conn++) {
              const expected = [...open].some(([id, ends]) => ends.client === client && id !== conn);
              expect(windows.serverHoldsOther(client, conn), `client ${client}, conn ${conn}`).toBe(expected);
            }
          }
        }
      }),
    );
  });
});
