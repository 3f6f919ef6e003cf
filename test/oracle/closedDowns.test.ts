// timeliness, down-open: a ConnectSvr tells PushSvr a login ended only once the login's connection
// is closed at its end. One whose idle sweep forgot silent sessions without closing their sockets
// held them open until each phone's own heartbeat timeout, and broke no rule.
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectSvr } from '../../src/system/connectSvr.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface ConnectSvrParts {
  drop(session: unknown): void;
  forget(session: unknown): void;
}
const connectSvr = ConnectSvr.prototype as unknown as ConnectSvrParts;
const { drop } = connectSvr;

afterEach(() => {
  connectSvr.drop = drop;
});

describe('a login a ConnectSvr ends', () => {
  it('ends with its connection closed, and a ConnectSvr that forgets a session without closing it fails timeliness', () => {
    const plant = () => {
      connectSvr.drop = function (this: ConnectSvrParts, session: unknown) {
        // The planted bug: the session is forgotten (and PushSvr told), its socket left open.
        this.forget(session);
      };
    };
    const detail = /^down-open: connectsvr-\d told PushSvr the login of device-u\d+-\d on connection \d+ ended, and holds that connection open \(a login ends with its connection closed\)$/;
    for (const failed of plantedVerdicts((seed) => verdictOf('timeliness', 'dead-phones', seed), ['1', '2'], plant)) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'down-open', detail: expect.stringMatching(detail) } });
    }
  });
});
