// timeliness, presence-route: a ConnectSvr tells of each login, logout and held session (in a
// refresh) the PushSvr of the device's user, the one SendSvr asks for that user's pushes. A
// ConnectSvr that routed a logout by the device's id instead told another PushSvr: the user's went
// on hinting a dead connection instead of asking for a platform push until the next refresh, and
// only 1 run in 80 broke a rule. Judged as the ConnectSvr sends: where the datagram goes is its
// choice, whatever the network then does with it.
import type { DevicePresence, PresenceDown, PresenceRefresh, PresenceUp } from '../../system/wire.js';
import type { CheckerContext } from '../checker.js';

export const PRESENCE_ROUTE = 'presence-route';

export function presenceRoutes(invariant: string, { sim, ledger, sink, paths }: CheckerContext): void {
  const judge = (connectSvr: number, pushSvr: number, type: string, device: number, user: number): void => {
    const owner = paths.routes.pushSvrOf(user);
    if (pushSvr === owner) return;
    const detail = `${PRESENCE_ROUTE}: ${sim.process(connectSvr).name} sent ${sim.process(pushSvr).name} a ${type} of the device, whose user's pushes go through ${sim.process(owner).name}`;
    sink.violate(invariant, { kind: PRESENCE_ROUTE, detail, user, device });
  };
  const each = (connectSvr: number, pushSvr: number, type: string, presence: DevicePresence) => judge(connectSvr, pushSvr, type, presence.device, presence.user);
  sim.network.watchSends('presence-up', (from, to, message) => each(from, to, 'presence-up', message as PresenceUp));
  sim.network.watchSends('presence-down', (from, to, message) => {
    const { device } = message as PresenceDown;
    judge(from, to, 'presence-down', device, ledger.device(device).user);
  });
  sim.network.watchSends('presence-refresh', (from, to, message) => {
    for (const presence of (message as PresenceRefresh).devices) each(from, to, 'presence-refresh entry', presence);
  });
}
