// timeliness, picture: a ConnectSvr's picture of its sessions (a refresh from its sweep, or its
// answer to a restarted PushSvr's resync) lists exactly the logins it holds of the users that
// PushSvr serves. The oracle holds them as the ConnectSvr itself told: each presence-up it sent
// holds a device's login, each presence-down ends it, and a crash ends them all. A ConnectSvr that
// answered a resync with another PushSvr's list (none) left the restarted PushSvr blind until its
// next sweep: 17 times the platform pushes, ringing connected phones, delivery p50 742 -> 1,285 ms,
// and 2 of 40 swarm runs broke no rule. Judged as the ConnectSvr sends: what it says is its own.
import { traceKindByName } from '../../sim/traceKinds.js';
import type { PresenceDown, PresenceRefresh, PresenceUp } from '../../system/wire.js';
import type { CheckerContext } from '../checker.js';

export const PICTURE = 'picture';

export function presencePictures(invariant: string, { sim, sink, ledger, paths }: CheckerContext): void {
  /** Per ConnectSvr: device -> the connection of the login it holds, as its presence words said. */
  const heldBy = new Map<number, Map<number, number>>();
  const held = (connectSvr: number): Map<number, number> => {
    let logins = heldBy.get(connectSvr);
    if (logins === undefined) heldBy.set(connectSvr, (logins = new Map()));
    return logins;
  };
  sim.trace.on(traceKindByName('crash')!, (_t, process) => heldBy.delete(process));
  sim.network.watchSends('presence-up', (connectSvr, _pushSvr, message) => {
    const up = message as PresenceUp;
    held(connectSvr).set(up.device, up.connId);
  });
  sim.network.watchSends('presence-down', (connectSvr, _pushSvr, message) => {
    const down = message as PresenceDown;
    const logins = held(connectSvr);
    if (logins.get(down.device) === down.connId) logins.delete(down.device);
  });
  const report = (connectSvr: number, pushSvr: number, device: number, what: string): void => {
    const detail = `${PICTURE}: ${sim.process(connectSvr).name} sent ${sim.process(pushSvr).name} a picture of its sessions that ${what} (a picture lists every login it holds of that PushSvr's users, as its presence-up and presence-down said)`;
    sink.violate(invariant, { kind: PICTURE, detail, device, user: ledger.device(device).user });
  };
  sim.network.watchSends('presence-refresh', (connectSvr, pushSvr, message) => {
    const logins = held(connectSvr);
    const listed = new Set<number>();
    for (const presence of (message as PresenceRefresh).devices) {
      listed.add(presence.device);
      if (logins.get(presence.device) !== presence.connId) return report(connectSvr, pushSvr, presence.device, `listed ${sim.process(presence.device).name} on connection ${presence.connId}, a login it did not hold`);
    }
    for (const [device] of logins) {
      if (!listed.has(device) && paths.routes.pushSvrOf(ledger.device(device).user) === pushSvr) return report(connectSvr, pushSvr, device, `left out ${sim.process(device).name}, whose login it held`);
    }
  });
}
