// timeliness, a login is announced: ConnectSvr tells the user's PushSvr of every login as it takes
// it (a presence-up naming the device, sent in the same handler), so that PushSvr hints the new
// connection and learns when it ends. A ConnectSvr that, on a device's login over a connection it
// still held for it, closed the old one quietly and announced nothing (PushSvr "knew" the device)
// left PushSvr holding the old connection's id: the new session's end, named by the new id, was
// ignored, and PushSvr hinted a gone device instead of waking it by platform push until the next
// refresh. Every rule held. Judged at every login once the handler that took it is done (the
// presence-up goes out in it, so any later judgment sees it).
import { EV_LOGIN } from '../../system/events.js';
import type { PresenceUp } from '../../system/wire.js';
import type { CheckerContext } from '../checker.js';
import { InstantSuspects } from '../instantSuspects.js';

export const UNANNOUNCED = 'unannounced';

export function loginsAnnounced(invariant: string, { sim, ledger, sink }: CheckerContext): (nowUs: number) => void {
  /** Logins not yet announced. */
  const owed = new InstantSuspects();
  sim.trace.on(EV_LOGIN, (timeUs, connectSvr, device) => owed.add(timeUs, connectSvr, device));
  sim.network.watchSends('presence-up', (connectSvr, _pushSvr, message) => owed.excuse(sim.nowUs, connectSvr, (message as PresenceUp).device));
  return (nowUs) =>
    owed.judge(nowUs, (connectSvr, device) => {
      const detail = `${UNANNOUNCED}: ${sim.process(connectSvr).name} logged the device in and told its PushSvr nothing (a presence-up names every login)`;
      sink.violate(invariant, { kind: UNANNOUNCED, detail, user: ledger.device(device).user, device });
    });
}
