// server-bound: once a pull has been told "you may advance to B", nothing may commit at or
// below B in that inbox: the device would never ask for it again.
import { EV_COMMIT, EV_READ } from '../../system/events.js';
import type { CheckerFactory } from '../checker.js';

export const SERVER_BOUND = 'server-bound';

export const serverBound: CheckerFactory = ({ sim, ledger, sink }) => {
  /** Per user: the highest bound served, and the device it was served to. */
  const served = new Map<number, { bound: number; device: number }>();
  sim.trace.on(EV_READ, (_t, _store, device, _after, bound) => {
    const user = ledger.device(device).user;
    if (bound > (served.get(user)?.bound ?? 0)) served.set(user, { bound, device });
  });
  sim.trace.on(EV_COMMIT, (_t, _store, user, seq, msgId) => {
    // A new primary announcing again a commit made before that bound was served is no new commit:
    // the pull that got the bound could read it (see the ledger).
    if (ledger.reannounced) return;
    const prior = served.get(user);
    if (prior !== undefined && seq <= prior.bound) {
      sink.violate(SERVER_BOUND, {
        detail: `seq ${seq} committed in user ${user}'s inbox after a pull bound of ${prior.bound} was served`,
        msgId,
        user,
        device: prior.device,
        seq,
      });
    }
  });
  return { name: SERVER_BOUND };
};
