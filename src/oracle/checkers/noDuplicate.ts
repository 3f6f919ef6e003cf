// no-duplicate: at most one commit of a message per inbox (the idempotency key is the sending
// device and its client message id, which a msgId stands for), and each message at most once on
// each device.
import { EV_COMMIT, EV_STORE } from '../../system/events.js';
import type { CheckerFactory } from '../checker.js';

export const NO_DUPLICATE = 'no-duplicate';

export const noDuplicate: CheckerFactory = ({ sim, ledger, sink }) => {
  // The ledger's listeners run first and say whether this commit or store repeats an earlier one.
  sim.trace.on(EV_COMMIT, (_t, _store, user, seq, msgId) => {
    // A commit announced again by a new primary (same seq) is the same commit (see the ledger).
    if (ledger.reannounced || !ledger.repeatCommit) return;
    const first = ledger.message(msgId).commits.get(user);
    sink.violate(NO_DUPLICATE, { detail: `message committed again in user ${user}'s inbox (seq ${seq}, first at seq ${first})`, msgId, user, seq });
  });
  sim.trace.on(EV_STORE, (_t, device, msgId, seq, user) => {
    if (ledger.repeatStore) sink.violate(NO_DUPLICATE, { detail: `message stored again on the device (seq ${seq})`, msgId, user, device, seq });
  });
  return { name: NO_DUPLICATE };
};
