// timeliness, the ack's way back: once SendSvr acks a send, its answer reaches the sender within a
// data-centre hop (SendSvr to the ConnectSvr) and a hop over the device's long connection, as long
// as the device is still in the session of the attempt SendSvr heard last, and no fault touched the
// way. SendSvr answers through the ConnectSvr of the attempt it heard last; the oracle knows which
// session that was when every attempt was made in the sender's current session, or when every
// attempt of earlier sessions had reached SendSvr before the current session's first went, and one
// more reached it before the ack (counted from SendSvr's receipts, so not judged where a datagram
// may be replayed: a fault on the way, a dc-link fault that replays, a data-centre link that
// duplicates).
// The send's own deadline ('sent') allows the device's first retry, so a SendSvr that answered only
// a retry (it recorded the ack and sent the first answer nowhere) met every deadline; every send
// then took a send timeout more. So did one that answered a send retried from a new session, while
// its append was still under way, through the ConnectSvr of the first attempt.
// Not judged where data-centre links lose or duplicate datagrams by design: the one answer may be
// lost there.
import { NumberMap } from '../../sim/numberMap.js';
import { EV_SEND_ABANDONED, EV_SEND_ACKED, EV_SEND_ATTEMPT, EV_SEND_REJECTED, EV_SENDSVR_ACK, EV_SENDSVR_RECEIVED } from '../../system/events.js';
import { formatBudgetMs } from '../bounds.js';
import type { CheckerContext } from '../checker.js';
import { DeadlineBook, keptBy } from '../deadlines.js';
import { Ledger } from '../ledger.js';

export function ackReturn(invariant: string, { sim, ledger, sink, knobs, bounds, paths, replays }: CheckerContext): (nowUs: number) => void {
  if (knobs.dataCenterLink.lossRate > 0 || knobs.dataCenterLink.duplicateRate > 0) return () => {};
  const budgetUs = bounds.dcHopMaxUs + bounds.deviceHopMaxUs;
  const book = new DeadlineBook(invariant, sink, (id) => ledger.device(id), {
    lapsed: (o) => o.device.retired || o.device.sessionEpoch !== o.epoch,
    // Kept in time, not merely by the judging (the run judges once a virtual second).
    kept: (o) => keptBy(ledger.message(o.msgId).ackedUs, o),
    // A fault on the answer's way back (SendSvr, the session's ConnectSvr, the device): it may need a retry.
    disturbed: (o, dueUs) => paths.answerTouched(ledger.message(o.msgId), o.device, o.fromUs, dueUs),
    clearUs: () => undefined,
    budget: () => 'a data-centre hop and a hop over the long connection',
    settlesEarly: true,
    describe: (o, dueUs) => ({
      detail: `SendSvr acked message ${o.msgId}, but the ack did not reach the sender within ${formatBudgetMs(dueUs - o.setAtUs)} (a data-centre hop and a hop over the long connection), in the session of the attempt SendSvr heard last, on a calm path`,
      user: o.device.user,
    }),
  });
  const kind = book.text('ack-return');
  const cause = book.text("SendSvr's ack");
  /**
   * By msgId, for sends under way: the session of the latest attempt; how many attempts came in
   * earlier sessions; how many reached SendSvr, in all and before the current session's first
   * attempt went; and when the first attempt went.
   */
  const attempts = new NumberMap<{ sessionEpoch: number; made: number; earlier: number; heard: number; heardBefore: number; firstUs: number }>();
  sim.trace.on(EV_SEND_ATTEMPT, (timeUs, id, msgId) => {
    const sessionEpoch = ledger.device(id).sessionEpoch;
    const seen = attempts.get(msgId);
    if (seen === undefined) attempts.set(msgId, { sessionEpoch, made: 1, earlier: 0, heard: 0, heardBefore: 0, firstUs: timeUs });
    else {
      if (seen.sessionEpoch !== sessionEpoch) {
        seen.sessionEpoch = sessionEpoch;
        seen.earlier = seen.made;
        seen.heardBefore = seen.heard;
      }
      seen.made++;
    }
  });
  sim.trace.on(EV_SENDSVR_RECEIVED, (_t, _sendSvr, msgId) => {
    const seen = attempts.get(msgId);
    if (seen !== undefined) seen.heard++;
  });
  for (const settled of [EV_SEND_ACKED, EV_SEND_REJECTED, EV_SEND_ABANDONED]) sim.trace.on(settled, (_t, _id, msgId) => attempts.delete(msgId));
  sim.trace.on(EV_SENDSVR_ACK, (timeUs, _sendSvr, msgId) => {
    const message = ledger.message(msgId);
    const seen = attempts.get(msgId);
    if (message.svrAckUs !== timeUs || seen === undefined) return;
    const device = ledger.device(message.device);
    if (!Ledger.connected(device) || device.sessionEpoch !== seen.sessionEpoch) return;
    // Attempts of earlier sessions: SendSvr surely heard one of this session's last when every earlier
    // one reached it before this session's first went, and one more reached it since; unless a fault
    // on the way in could have held back or replayed one.
    const heardCurrentLast =
      seen.earlier === 0 || (seen.heardBefore >= seen.earlier && seen.heard > seen.heardBefore && !paths.relayTouched(message, seen.firstUs, timeUs) && !replays.during(seen.firstUs, timeUs));
    if (heardCurrentLast) book.set(kind, device, -1, msgId, seen.sessionEpoch, timeUs, budgetUs, cause, msgId, -1);
  });
  return (nowUs) => book.judge(nowUs);
}
