// ack-durable: an ack means durable everywhere, a rejection means nowhere. When the sender sees an
// ack, the message is already committed in every target inbox, and the seq the ack names is its
// seq in the sender's own inbox (-1 when that inbox is full). A message the sender saw rejected is
// committed in no inbox, then or later. And a message no recipient's inbox could take (each one's
// seq space used up) is rejected, not acked: a SendSvr that appended the sender's own inbox first
// acked such a message, and the sender believed delivered what nobody would ever receive. So is a
// message with no recipient (a group the sender alone is left in) that the sender's own full inbox
// turned away: acked, it was stored nowhere. And SendSvr appends to the sender's own inbox last,
// once every recipient's append is answered (ownLast.ts).
import { EV_COMMIT, EV_SEND_ACKED, EV_SEND_REJECTED } from '../../system/events.js';
import type { CheckerFactory } from '../checker.js';
import { ownLast } from './ownLast.js';

export const ACK_DURABLE = 'ack-durable';

export const ackDurable: CheckerFactory = (context) => {
  const { sim, ledger, sink } = context;
  const sweepGivenUp = ownLast(ACK_DURABLE, context);
  sim.trace.on(EV_SEND_ACKED, (_t, device, msgId, ownSeq) => {
    const message = ledger.message(msgId);
    const recipientCommits = message.commits.size - (message.commits.has(message.user) ? 1 : 0);
    if (recipientCommits === 0 && ledger.inboxesFoundFull(msgId) !== undefined) {
      const where = message.commits.size === 0 ? 'it is in no inbox (each it was sent to was full)' : 'no recipient\'s inbox took it (each was full)';
      sink.violate(ACK_DURABLE, { detail: `acked, yet ${where}: the send should have been rejected`, msgId, user: message.user, device });
      return;
    }
    for (const user of message.targets) {
      if (!message.commits.has(user)) {
        sink.violate(ACK_DURABLE, { detail: `acked before it was committed in user ${user}'s inbox`, msgId, user, device });
        return;
      }
    }
    const committedOwn = message.targets.includes(message.user) ? message.commits.get(message.user) : -1;
    if (committedOwn !== ownSeq) {
      sink.violate(ACK_DURABLE, { detail: `ack names seq ${ownSeq}, the sender's inbox has it at ${committedOwn}`, msgId, user: message.user, device, seq: ownSeq });
    }
  });
  sim.trace.on(EV_SEND_REJECTED, (_t, device, msgId) => {
    const { commits } = ledger.message(msgId);
    if (commits.size === 0) return;
    const user = commits.keyAt(0);
    sink.violate(ACK_DURABLE, { detail: `rejected, yet committed in user ${user}'s inbox`, msgId, user, device, seq: commits.valueAt(0) });
  });
  sim.trace.on(EV_COMMIT, (_t, _store, user, seq, msgId) => {
    const message = ledger.message(msgId);
    if (message.rejected) sink.violate(ACK_DURABLE, { detail: `committed in user ${user}'s inbox after the sender saw it rejected`, msgId, user, device: message.device, seq });
  });
  return { name: ACK_DURABLE, tick: sweepGivenUp };
};
