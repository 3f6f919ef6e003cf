// A restarted ConnectSvr holds no session of its earlier life and tells every PushSvr so at once
// (presence-reset); a restarted PushSvr knows nobody and asks every ConnectSvr at once
// (presence-sync-req). So for PushSvr's choice of route, either crash is over two hops after the
// server is back, not after the general fault tail with its periodic refresh. A server that skipped
// its part left PushSvr routing hints by a stale picture until the next refresh, and passed every run.
import { afterEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/api.js';
import { ConnectSvr } from '../../src/system/connectSvr.js';
import { PushSvr } from '../../src/system/pushSvr.js';

interface Restartable {
  start(restarted: boolean): void;
}

const failedInvariants = (scenario: string, seed: string) =>
  runScenario(scenario, { seed })
    .invariants.filter((invariant) => !invariant.ok)
    .map((invariant) => invariant.name);

describe("a restarted server's presence news", () => {
  const protos = [ConnectSvr.prototype, PushSvr.prototype] as unknown as Restartable[];
  const starts = protos.map((proto) => proto.start);
  afterEach(() => protos.forEach((proto, i) => (proto.start = starts[i]!)));

  /** The planted bug: a restart starts as a first start would, telling nobody. */
  const silentRestart = (proto: Restartable) => {
    const { start } = proto;
    proto.start = function (this: Restartable) {
      start.call(this, false);
    };
  };

  it.each([
    ['ConnectSvr', 0, 'connectsvr-crash', ['1', '3', '4']],
    ['PushSvr', 1, 'group-storm', ['1', '2']],
  ] as const)('is owed two hops after a %s restarts: the correct one passes, a silent one fails push-route', (_name, which, scenario, seeds) => {
    for (const seed of seeds) expect(failedInvariants(scenario, seed)).toEqual([]);
    silentRestart(protos[which]!);
    for (const seed of seeds) expect(failedInvariants(scenario, seed)).toContain('push-route');
  });
});
