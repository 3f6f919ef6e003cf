// timeliness, presence-once: a ConnectSvr tells PushSvr of a login once, as it takes it; what keeps
// PushSvr's picture fresh after that is the sweep's refresh, one message per PushSvr for all its
// devices. A ConnectSvr that announced the login again on every heartbeat sent PushSvr a message
// per device per beat (all of them changed runs, every rule held).
// Counted as the ConnectSvr sends (network.watchSends): presence-ups of a connection, against the
// logins it took on it (`login` events).
import { NumberMap } from '../../sim/numberMap.js';
import { EV_LOGIN } from '../../system/events.js';
import type { PresenceUp } from '../../system/wire.js';
import { pairKey } from '../arrivals.js';
import type { CheckerContext } from '../checker.js';

export const PRESENCE_ONCE = 'presence-once';

export function presenceOnce(invariant: string, { sim, sink }: CheckerContext): void {
  /** By pairKey(device, connection): logins taken on it and not yet announced. */
  const unannounced = new NumberMap<number>();
  sim.trace.on(EV_LOGIN, (_t, _connectSvr, device, conn) => {
    const key = pairKey(device, conn);
    unannounced.set(key, (unannounced.get(key) ?? 0) + 1);
  });
  sim.network.watchSends('presence-up', (connectSvr, pushSvr, message) => {
    const { device, connId } = message as PresenceUp;
    const key = pairKey(device, connId);
    const left = unannounced.get(key) ?? 0;
    if (left > 1) unannounced.set(key, left - 1);
    else if (left === 1) unannounced.delete(key);
    else {
      const detail = `${PRESENCE_ONCE}: ${sim.process(connectSvr).name} told ${sim.process(pushSvr).name} of the login of ${sim.process(device).name} on connection ${connId} again (one presence-up per login; the sweep's refresh keeps the picture fresh)`;
      sink.violate(invariant, { kind: PRESENCE_ONCE, detail, device });
    }
  });
}
