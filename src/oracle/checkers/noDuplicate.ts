// no-duplicate: at most one commit of a message per inbox (the idempotency key is the sending
// device and its client message id, which a msgId stands for), and each message at most once on
// each device.
import { EV_COMMIT, EV_STORE } from '../../system/events.js';
import type { CheckerFactory } from '../checker.js';

export const NO_DUPLICATE = 'no-duplicate';

export const noDuplicate: CheckerFactory = ({ sim, ledger, sink }) => {
  // Listeners run after the ledger's, so "already there" means there before this event.
  const commitCount = new Map<number, number>();
  sim.trace.on(EV_COMMIT, (_t, _store, user, seq, msgId) => {
    const key = msgId * 2 ** 20 + user;
    const count = (commitCount.get(key) ?? 0) + 1;
    commitCount.set(key, count);
    if (count > 1) {
      const first = ledger.message(msgId).commits.get(user);
      sink.violate(NO_DUPLICATE, { detail: `message committed again in user ${user}'s inbox (seq ${seq}, first at seq ${first})`, msgId, user, seq });
    }
  });
  const storeCount = new Map<number, number>();
  sim.trace.on(EV_STORE, (_t, device, msgId, seq, user) => {
    const key = msgId * 2 ** 24 + device;
    const count = (storeCount.get(key) ?? 0) + 1;
    storeCount.set(key, count);
    if (count > 1) sink.violate(NO_DUPLICATE, { detail: `message stored again on the device (seq ${seq})`, msgId, user, device, seq });
  });
  return { name: NO_DUPLICATE };
};
