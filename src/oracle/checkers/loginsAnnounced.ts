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

export const UNANNOUNCED = 'unannounced';

export function loginsAnnounced(invariant: string, { sim, ledger, sink }: CheckerContext): (nowUs: number) => void {
  /** Logins not yet announced: [timeUs, connectSvr, device] each. */
  let owed: number[] = [];
  sim.trace.on(EV_LOGIN, (timeUs, connectSvr, device) => owed.push(timeUs, connectSvr, device));
  sim.network.watchSends('presence-up', (connectSvr, _pushSvr, message) => {
    const { device } = message as PresenceUp;
    const nowUs = sim.nowUs;
    for (let i = 0; i < owed.length; i += 3) {
      if (owed[i] === nowUs && owed[i + 1] === connectSvr && owed[i + 2] === device) owed[i + 2] = -1;
    }
  });
  return (nowUs) => {
    if (owed.length === 0) return;
    const later: number[] = [];
    for (let i = 0; i < owed.length; i += 3) {
      const [timeUs, connectSvr, device] = [owed[i]!, owed[i + 1]!, owed[i + 2]!];
      if (device < 0) continue;
      if (timeUs > nowUs) {
        later.push(timeUs, connectSvr, device);
        continue;
      }
      const detail = `${UNANNOUNCED}: ${sim.process(connectSvr).name} logged the device in and told its PushSvr nothing (a presence-up names every login)`;
      sink.violate(invariant, { kind: UNANNOUNCED, detail, user: ledger.device(device).user, device });
    }
    owed = later;
  };
}
