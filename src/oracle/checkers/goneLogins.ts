// push-route, gone-login: a PushSvr hints no device through a login it was told ended. Of two words
// about one login, an end and a late copy or an older refresh naming it (datagrams between servers
// overtake each other), the end wins: only a newer login of the device brings it back. A PushSvr
// that kept no record of ended logins let a refresh sent before a logout bring the dead login back,
// and hinted a gone phone instead of waking it by platform push until the next refresh; no rule saw
// it. Known from what reached the PushSvr: each presence-down (an end), each presence-up and each
// device of a refresh (a login); a PushSvr's crash forgets it all, as the PushSvr does.
import { traceKindByName } from '../../sim/traceKinds.js';
import { EV_PUSH, PUSH_VIA_CONNECTION } from '../../system/events.js';
import type { PresenceDown, PresenceRefresh, PresenceUp } from '../../system/wire.js';
import type { CheckerContext } from '../checker.js';
import { PerProcess } from '../perProcess.js';

export const GONE_LOGIN = 'gone-login';

/** One PushSvr's picture: per device, the newest login it was told ended, and the newest it was told of. */
interface Told {
  readonly endedConn: PerProcess;
  readonly loginConn: PerProcess;
}

export function goneLogins(invariant: string, { sim, ledger, sink }: CheckerContext): void {
  const byPushSvr = new Map<number, Told>();
  const told = (pushSvr: number): Told => {
    let picture = byPushSvr.get(pushSvr);
    if (picture === undefined) byPushSvr.set(pushSvr, (picture = { endedConn: new PerProcess(-1), loginConn: new PerProcess(-1) }));
    return picture;
  };
  const login = (pushSvr: number, device: number, connId: number): void => {
    const { loginConn } = told(pushSvr);
    if (connId > loginConn.get(device)) loginConn.set(device, connId);
  };
  sim.network.watch('presence-up', (pushSvr, _from, delivered, message) => {
    if (delivered) login(pushSvr, (message as PresenceUp).device, (message as PresenceUp).connId);
  });
  sim.network.watch('presence-refresh', (pushSvr, _from, delivered, message) => {
    if (delivered) for (const presence of (message as PresenceRefresh).devices) login(pushSvr, presence.device, presence.connId);
  });
  sim.network.watch('presence-down', (pushSvr, _from, delivered, message) => {
    if (!delivered) return;
    const { device, connId } = message as PresenceDown;
    const { endedConn } = told(pushSvr);
    if (connId > endedConn.get(device)) endedConn.set(device, connId);
  });
  sim.trace.on(traceKindByName('crash')!, (_t, process) => byPushSvr.delete(process));
  sim.trace.on(EV_PUSH, (_t, pushSvr, msgId, id, via) => {
    if (via !== PUSH_VIA_CONNECTION) return;
    const picture = byPushSvr.get(pushSvr);
    if (picture === undefined) return;
    const ended = picture.endedConn.get(id);
    if (ended < 0 || picture.loginConn.get(id) > ended) return;
    const detail = `${GONE_LOGIN}: ${sim.process(pushSvr).name} hinted message ${msgId} through the device's login ${ended}, which it was told had ended, and of no newer login`;
    sink.violate(invariant, { kind: GONE_LOGIN, detail, msgId, user: ledger.device(id).user, device: id });
  });
}
