// timeliness, idle-close-late: a ConnectSvr's sweep, every heartbeat interval, closes a connection
// silent for serverIdleTimeout, so none lasts an interval longer than that. One that gave each
// phone an interval of grace kept half-open sessions on PushSvr's books, hints going into the void.
import { afterEach, describe, expect, it } from 'vitest';
import type { SystemKnobs } from '../../src/system/config.js';
import { ConnectSvr } from '../../src/system/connectSvr.js';
import { plantedVerdicts, plantKnobs, verdictOf } from './plants.js';

interface ConnectSvrParts {
  onTimer(tag: number, data: unknown): void;
  knobs: SystemKnobs;
}
const connectSvr = ConnectSvr.prototype as unknown as ConnectSvrParts;
let restore = () => {};

afterEach(() => restore());

describe("a ConnectSvr's idle sweep", () => {
  it('closes a silent connection within an interval of the idle timeout, and one that gives a missed beat of grace fails timeliness', () => {
    // The planted bug: one missed heartbeat of grace, for a phone on a slow radio.
    const plant = () => {
      restore = plantKnobs(connectSvr, 'onTimer', (knobs) => ({ ...knobs, serverIdleTimeoutUs: knobs.serverIdleTimeoutUs + knobs.heartbeatIntervalUs }));
    };
    const detail = /^idle-close-late: connectsvr-\d (closed|took a word in on) the connection of device-u\d+-\d after [\d,]+ ms of silence on it \(its sweep, every [\d,]+ ms, closes one silent for [\d,]+ ms\)$/;
    for (const failed of plantedVerdicts((seed) => verdictOf('timeliness', 'dead-phones', seed), ['1', '2'], plant)) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'idle-close-late', detail: expect.stringMatching(detail) } });
    }
  });
});
