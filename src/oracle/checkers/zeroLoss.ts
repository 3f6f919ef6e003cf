// zero-loss (liveness): once faults have healed and the system has gone quiet or stopped making
// progress, every installed device holds its user's whole inbox, and every send that reached the
// outbox ended acked or visibly rejected (or was abandoned with its app by a reinstall). The run
// judges it only after a whole stall window without progress, so a device reported here was stuck,
// not slow.
import type { CheckerFactory } from '../checker.js';

export const ZERO_LOSS = 'zero-loss';
/** Violation kinds: a device is missing an inbox entry; a send never ended. */
export const MISSING_ENTRY = 'missing-entry';
export const UNSETTLED_SEND = 'unsettled-send';

export const zeroLoss: CheckerFactory = ({ ledger, sink }) => ({
  name: ZERO_LOSS,
  finish() {
    for (const device of ledger.activeDevices()) {
      const inbox = ledger.inbox(device.user);
      for (const seq of inbox.seqList()) {
        if (device.held.has(seq)) continue;
        sink.violate(ZERO_LOSS, { kind: MISSING_ENTRY, detail: `device never got seq ${seq} of its inbox`, msgId: inbox.get(seq)!, user: device.user, device: device.id, seq });
      }
    }
    for (const message of ledger.messages.values()) {
      if (ledger.settled(message)) continue;
      sink.violate(ZERO_LOSS, { kind: UNSETTLED_SEND, detail: 'send never ended: neither acked nor rejected', msgId: message.msgId, user: message.user, device: message.device });
    }
  },
});
