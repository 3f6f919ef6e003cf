// push-route, gone-login: a PushSvr hints no device through a login it was told ended. Of two words
// about one login, an end and a late copy or an older refresh naming it (datagrams between servers
// overtake each other), the end wins: a word of a login no newer than one told ended is stale. A
// PushSvr that kept no record of ended logins let a refresh sent before a logout bring the dead
// login back, and hinted a gone phone instead of waking it by platform push until the next refresh;
// no rule saw it. The oracle keeps, per PushSvr and device, every login told it that was not stale
// as it came, less each told ended: the PushSvr's own login (the newest it took) is among them, so
// with none left it holds none, and a hint through a connection is one through a gone login. (A
// PushSvr may take fewer: it also drops logins a refresh leaves out, and stale words by stamp.)
// Known from what reached the PushSvr: presence-ups, refreshes' devices and presence-downs; its
// crash forgets it all, as the PushSvr does.
// push-route, hint-route: and a PushSvr sends a device's hint to the ConnectSvr of one of those
// logins, the one it holds: a decision on what it was told, so no fault excuses another. A PushSvr
// that sent each hint to the device's home ConnectSvr (the route by its id) left a device logged in
// elsewhere without hints for the rest of the run (delivery p50 695 -> 4,149 ms over 10 swarm
// runs); where a fault's tail covered those hints, no rule saw it.
import { SmallLists } from '../../sim/smallLists.js';
import { traceKindByName } from '../../sim/traceKinds.js';
import { EV_PUSH, PUSH_VIA_CONNECTION } from '../../system/events.js';
import type { NotifyDevice, PresenceDown, PresenceRefresh, PresenceUp } from '../../system/wire.js';
import type { CheckerContext } from '../checker.js';
import { PerProcess } from '../perProcess.js';

export const GONE_LOGIN = 'gone-login';
export const HINT_ROUTE = 'hint-route';

/** One PushSvr's picture: per device, the newest login told ended, and the logins told that may be live. */
interface Told {
  readonly endedConn: PerProcess;
  readonly live: SmallLists;
}

/** The most logins kept per device: the PushSvr holds one, the newest it took. */
const LIVE_MAX = 16;

export function goneLogins(invariant: string, { sim, ledger, sink, connClients }: CheckerContext): void {
  const byPushSvr = new Map<number, Told>();
  const told = (pushSvr: number): Told => {
    let picture = byPushSvr.get(pushSvr);
    if (picture === undefined) byPushSvr.set(pushSvr, (picture = { endedConn: new PerProcess(-1), live: new SmallLists() }));
    return picture;
  };
  const login = (pushSvr: number, device: number, connId: number): void => {
    const { endedConn, live } = told(pushSvr);
    if (connId <= endedConn.get(device) || live.has(device, connId)) return;
    live.addSorted(device, connId);
    if (live.size(device) > LIVE_MAX) live.remove(device, live.at(device, 0));
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
    const { endedConn, live } = told(pushSvr);
    if (connId > endedConn.get(device)) endedConn.set(device, connId);
    live.remove(device, connId);
  });
  sim.trace.on(traceKindByName('crash')!, (_t, process) => byPushSvr.delete(process));
  sim.network.watchSends('notify-device', (pushSvr, connectSvr, message) => {
    const { device, msgId } = message as NotifyDevice;
    const live = byPushSvr.get(pushSvr)?.live;
    // None: gone-login judges a hint through a login told ended; one never told is push-route's.
    if (live === undefined || live.size(device) === 0) return;
    for (let i = 0; i < live.size(device); i++) if (connClients.serverOf(live.at(device, i)) === connectSvr) return;
    const detail = `${HINT_ROUTE}: ${sim.process(pushSvr).name} sent the hint of message ${msgId} for ${sim.process(device).name} to ${sim.process(connectSvr).name}, which holds none of the logins of it it was told of (a hint goes to the ConnectSvr of the login the PushSvr holds)`;
    sink.violate(invariant, { kind: HINT_ROUTE, detail, msgId, user: ledger.device(device).user, device });
  });
  sim.trace.on(EV_PUSH, (_t, pushSvr, msgId, id, via) => {
    if (via !== PUSH_VIA_CONNECTION) return;
    const picture = byPushSvr.get(pushSvr);
    if (picture === undefined || picture.live.size(id) > 0) return;
    const ended = picture.endedConn.get(id);
    if (ended < 0) return;
    const detail = `${GONE_LOGIN}: ${sim.process(pushSvr).name} hinted message ${msgId} through a connection of the device, though every login of it it was told of had ended (the newest, ${ended}) or was older than one that had`;
    sink.violate(invariant, { kind: GONE_LOGIN, detail, msgId, user: ledger.device(id).user, device: id });
  });
}
