// ack-durable: when the sender sees an ack, the message is already committed in every target
// inbox, and the seq the ack names is its seq in the sender's own inbox.
import { EV_SEND_ACKED } from '../../system/events.js';
import type { CheckerFactory } from '../checker.js';

export const ACK_DURABLE = 'ack-durable';

export const ackDurable: CheckerFactory = ({ sim, ledger, sink }) => {
  sim.trace.on(EV_SEND_ACKED, (_t, device, msgId, ownSeq) => {
    const message = ledger.message(msgId);
    for (const user of message.targets) {
      if (!message.commits.has(user)) {
        sink.violate(ACK_DURABLE, { detail: `acked before it was committed in user ${user}'s inbox`, msgId, user, device });
        return;
      }
    }
    const committedOwn = message.commits.get(message.user);
    if (committedOwn !== ownSeq) {
      sink.violate(ACK_DURABLE, { detail: `ack names seq ${ownSeq}, the sender's inbox has it at ${committedOwn}`, msgId, user: message.user, device, seq: ownSeq });
    }
  });
  return { name: ACK_DURABLE };
};
