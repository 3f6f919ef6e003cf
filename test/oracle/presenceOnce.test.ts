// timeliness, presence-once: a ConnectSvr tells PushSvr of a login once; the sweep's refresh keeps
// the picture fresh after that. One that announced the login again on every heartbeat sent PushSvr
// a message per device per beat, and every rule held.
import { afterEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/sim/connection.js';
import { ConnectSvr } from '../../src/system/connectSvr.js';
import { route, type Topology } from '../../src/system/topology.js';
import type { Wire } from '../../src/system/wire.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface Session {
  device: number;
  user: number;
}
interface ConnectSvrParts {
  onConnMessage(conn: Connection, message: Wire): void;
  announce(session: Session, pushSvr: number): void;
  sessions: Map<number, Session>;
  topology: Topology;
}
const connectSvr = ConnectSvr.prototype as unknown as ConnectSvrParts;
const { onConnMessage } = connectSvr;

afterEach(() => {
  connectSvr.onConnMessage = onConnMessage;
});

describe('a login', () => {
  it('is told PushSvr once, and a ConnectSvr that tells it again on every heartbeat fails timeliness', () => {
    const plant = () => {
      // The planted bug: a beat proves the login holds, so PushSvr is told of it again.
      connectSvr.onConnMessage = function (this: ConnectSvrParts, conn: Connection, message: Wire) {
        onConnMessage.call(this, conn, message);
        const session = this.sessions.get(conn.id);
        if (message.type === 'heartbeat' && session !== undefined && session.device >= 0) this.announce(session, route(this.topology.pushSvrs, session.user));
      };
    };
    const detail = /^presence-once: connectsvr-\d told pushsvr-\d of the login of device-u\d+-\d on connection \d+ again \(one presence-up per login; the sweep's refresh keeps the picture fresh\)$/;
    for (const failed of plantedVerdicts((seed) => verdictOf('timeliness', 'baseline', seed), ['1', '2'], plant)) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'presence-once', detail: expect.stringMatching(detail) } });
    }
  });
});
