// timeliness, the ack's way back: once SendSvr acks a send, its answer reaches the sender within a
// data-centre hop (SendSvr to the ConnectSvr) and a hop over the device's long connection, as long
// as the device is still in the session it composed the send in (so made every attempt in), and no
// fault touched the way.
// The send's own deadline ('sent') allows the device's first retry, so a SendSvr that answered only
// a retry (it recorded the ack and sent the first answer nowhere) met every deadline; every send
// then took a send timeout more.
// Not judged where data-centre links lose datagrams by design: the one answer may be lost there.
import { EV_SENDSVR_ACK } from '../../system/events.js';
import { formatBudgetMs } from '../bounds.js';
import type { CheckerContext } from '../checker.js';
import { DeadlineBook, keptBy } from '../deadlines.js';
import { Ledger } from '../ledger.js';

export function ackReturn(invariant: string, { sim, ledger, sink, knobs, bounds, paths }: CheckerContext): (nowUs: number) => void {
  if (knobs.dataCenterLink.lossRate > 0) return () => {};
  const budgetUs = bounds.dcHopMaxUs + bounds.deviceHopMaxUs;
  const book = new DeadlineBook(invariant, sink, (id) => ledger.device(id), {
    lapsed: (o) => o.device.retired || o.device.sessionEpoch !== o.epoch,
    // Kept in time, not merely by the judging (the run judges once a virtual second).
    kept: (o) => keptBy(ledger.message(o.msgId).ackedUs, o),
    // Any fault on the sender's way in, or on its session (the ConnectSvr it holds now): the answer may need a retry.
    disturbed: (o, dueUs) => paths.sendTouched(ledger.message(o.msgId), o.fromUs, dueUs) || paths.receiveTouched(o.device, o.fromUs, dueUs),
    clearUs: () => undefined,
    budget: () => 'a data-centre hop and a hop over the long connection',
    settlesEarly: true,
    describe: (o, dueUs) => ({
      detail: `SendSvr acked message ${o.msgId}, but the ack did not reach the sender within ${formatBudgetMs(dueUs - o.setAtUs)} (a data-centre hop and a hop over the long connection), in the session it composed it in, on a calm path`,
      user: o.device.user,
    }),
  });
  const kind = book.text('ack-return');
  const cause = book.text("SendSvr's ack");
  // Judged only for a send composed in the session the sender is still in: every attempt then went
  // through that session's ConnectSvr. (SendSvr answers through the ConnectSvr of the attempt it
  // heard last, and an attempt of an earlier session may reach it after one of the current session.)
  sim.trace.on(EV_SENDSVR_ACK, (timeUs, _sendSvr, msgId) => {
    const message = ledger.message(msgId);
    if (message.svrAckUs !== timeUs) return;
    const device = ledger.device(message.device);
    const epoch = message.senderEpoch;
    if (Ledger.connected(device) && device.sessionEpoch === epoch) book.set(kind, device, -1, msgId, epoch, timeUs, budgetUs, cause, msgId, -1);
  });
  return (nowUs) => book.judge(nowUs);
}
