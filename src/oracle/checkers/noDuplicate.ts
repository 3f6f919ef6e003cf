// no-duplicate: at most one commit of a message per inbox (the idempotency key is the sending
// device and its client message id, which a msgId stands for), and each message at most once on
// each device. And a device sends no message again once it has heard the ack: the ack settles it,
// and only a device that restarted or was restored since (its outbox's delete maybe not durable,
// or its disk an older copy) may send it once more. An app that left acked messages in its outbox
// sent each of them again at every reconnect; idempotency hid every copy, and every rule held. So
// does a final refusal (blacklisted, spam, ...; a rate limit only defers): an app that kept refused
// messages in its outbox "for the user to tap and retry" sent each one again at every reconnect,
// SendSvr answering from its record each time, and every rule held where no app woke from the
// background.
// And SendSvr admits a message once: a resend of a message it acked is answered from its record of
// done sends, which it writes before the ack, unless a power loss took that write back. A SendSvr
// that kept the record only for the device's retry cap admitted late resends (a 2G phone's, 68 s on)
// again: checks, appends, an ack and a hint again; idempotency hid the copies, and every rule held.
import { IdMap } from '../../sim/idMap.js';
import { traceKindByName } from '../../sim/traceKinds.js';
import { NumberMap } from '../../sim/numberMap.js';
import { EV_COMMIT, EV_DEVICE_RESTORED, EV_DEVICE_START, EV_SEND_ATTEMPT, EV_SEND_REJECTED, EV_SENDSVR_ADMIT, EV_STORE } from '../../system/events.js';
import { formatBudgetMs } from '../bounds.js';
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
  /** Per device, when it last started from its disk (a restart, or a restore from a backup). */
  const startedUs = new IdMap<number>();
  sim.trace.on(EV_DEVICE_START, (timeUs, device) => startedUs.set(device, timeUs));
  sim.trace.on(EV_DEVICE_RESTORED, (timeUs, device) => startedUs.set(device, timeUs));
  /** By msgId: when its device heard it refused, for the few refused. */
  const refusedUs = new NumberMap<number>();
  sim.trace.on(EV_SEND_REJECTED, (timeUs, _device, msgId) => refusedUs.set(msgId, timeUs));
  sim.trace.on(EV_SEND_ATTEMPT, (_t, device, msgId, attempt) => {
    const message = ledger.message(msgId);
    const settledUs = message.ackedUs >= 0 ? message.ackedUs : (refusedUs.get(msgId) ?? -1);
    if (settledUs < 0 || (startedUs.get(device) ?? 0) >= settledUs) return;
    sink.violate(NO_DUPLICATE, {
      detail: `sent again (attempt ${attempt}) after the device heard its ${message.ackedUs >= 0 ? 'ack' : 'refusal'} at ${Math.round(settledUs / 1000)} ms, and the device has not restarted since`,
      msgId,
      user: message.user,
      device,
    });
  });
  /** Per SendSvr, when it last lost power (its unsynced writes with it). */
  const powerLostUs = new IdMap<number>();
  sim.trace.on(traceKindByName('power-loss')!, (timeUs, process) => powerLostUs.set(process, timeUs));
  sim.trace.on(EV_SENDSVR_ADMIT, (timeUs, sendSvr, msgId) => {
    const message = ledger.message(msgId);
    if (message.svrAckUs < 0 || (powerLostUs.get(sendSvr) ?? -1) >= message.svrAckUs) return;
    const detail = `${sim.process(sendSvr).name} admitted message ${msgId} again, ${formatBudgetMs(timeUs - message.svrAckUs)} after it acked it (a resend of an acked message is answered from the record of done sends)`;
    sink.violate(NO_DUPLICATE, { detail, msgId, user: message.user });
  });
  return { name: NO_DUPLICATE };
};
