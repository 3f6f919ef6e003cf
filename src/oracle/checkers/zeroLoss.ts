// zero-loss (liveness): once faults have healed and the system is quiet, every installed device
// holds its user's whole inbox, and every send that reached the outbox ended acked or visibly
// rejected (or was abandoned with its app by a reinstall).
import type { CheckerFactory } from '../checker.js';

export const ZERO_LOSS = 'zero-loss';

export const zeroLoss: CheckerFactory = ({ ledger, sink }) => ({
  name: ZERO_LOSS,
  finish() {
    for (const device of ledger.activeDevices()) {
      const inbox = ledger.inbox(device.user);
      for (const seq of inbox.seqs) {
        if (device.held.has(seq)) continue;
        sink.violate(ZERO_LOSS, { detail: `device never got seq ${seq} of its inbox`, msgId: inbox.get(seq)!, user: device.user, device: device.id, seq });
      }
    }
    for (const message of ledger.messages.values()) {
      if (ledger.settled(message)) continue;
      sink.violate(ZERO_LOSS, { detail: 'send never ended: neither acked nor rejected', msgId: message.msgId, user: message.user, device: message.device });
    }
  },
});
