// timeliness's session promise: a foreground app's long connection lasts while nothing disturbs it.
// The app ends a foreground session only by going to the background; otherwise it is its ConnectSvr
// dropping it, or a heartbeat timeout finding it dead, and on a calm path (no fault on the device or
// that ConnectSvr, no base link lossy enough for TCP to give up) neither may happen: heartbeats keep
// a live connection from looking idle. A ConnectSvr whose idle clock counted only the login dropped
// every session 35 s in: the device reconnected within its backoff and pulled, so no delivery was
// lost or late by its deadline, and no other rule saw it.
import { EV_SESSION, SESSION_DOWN, SESSION_FOREGROUND } from '../../system/events.js';
import { formatBudgetMs } from '../bounds.js';
import type { CheckerContext } from '../checker.js';

export const DROPPED = 'dropped';

export function sessionDrops(invariant: string, { sim, ledger, sink, paths, bounds, knobs }: CheckerContext): void {
  // A link that may kill a connection without a word ends sessions with no fault to blame.
  if (bounds.connectionsMayDie) return;
  sim.trace.on(EV_SESSION, (timeUs, id, kind, connectSvr) => {
    if (kind !== SESSION_DOWN) return;
    const device = ledger.device(id);
    // Sent to the background (or gone): the app ended it.
    if (!device.up || device.background || device.retired) return;
    // The ledger has logged the end already: the session before it is the one that ended.
    const { sessions } = device;
    const ended = sessions.previous();
    if (sessions.kindOf(ended) !== SESSION_FOREGROUND) return;
    const startUs = sessions.sinceOf(ended);
    if (paths.sessionTouched(device, connectSvr, startUs, timeUs)) return;
    const detail = `${DROPPED}: a foreground session on ${sim.process(connectSvr).name} ended ${formatBudgetMs(timeUs - startUs)} after it began, with no fault on the device or its ConnectSvr (heartbeats every ${formatBudgetMs(knobs.heartbeatIntervalUs)} keep it alive)`;
    sink.violate(invariant, { kind: DROPPED, detail, user: device.user, device: id });
  });
}
