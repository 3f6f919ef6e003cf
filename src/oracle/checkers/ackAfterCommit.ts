// timeliness, the ack after the last commit: once a send is committed in the sender's own inbox (the
// last append SendSvr makes), SendSvr acks it within a data-centre hop (the append's answer) and a
// disk write (the send's record), on a calm path.
// The send's own deadline ('sent') allows an append's RPC timeout and retry, so a MsgStore that
// answered only a retried append (the retry finds the entry by its idempotency key) met every
// deadline; every send then took an RPC timeout more.
// Judged only while SendSvr can still be waiting for that answer: its append RPC gives up after
// rpcAttempts timeouts, and every append of the send was asked for after the send was composed.
// Not judged where data-centre links lose datagrams by design: the one answer may be lost there.
import { EV_COMMIT } from '../../system/events.js';
import { formatBudgetMs } from '../bounds.js';
import type { CheckerContext } from '../checker.js';
import { DeadlineBook, keptBy } from '../deadlines.js';

export function ackAfterCommit(invariant: string, { sim, ledger, sink, knobs, bounds, paths }: CheckerContext): (nowUs: number) => void {
  if (knobs.dataCenterLink.lossRate > 0) return () => {};
  const patienceUs = knobs.rpcTimeoutUs * knobs.rpcAttempts;
  const book = new DeadlineBook(invariant, sink, (id) => ledger.device(id), {
    lapsed: () => false,
    // Kept in time, not merely by the judging (the run judges once a virtual second).
    kept: (o) => keptBy(ledger.message(o.msgId).svrAckUs, o),
    disturbed: (o, dueUs) => paths.sendTouched(ledger.message(o.msgId), o.fromUs, dueUs),
    clearUs: () => undefined,
    budget: () => 'a data-centre hop and a server disk write',
    settlesEarly: true,
    describe: (o, dueUs) => ({
      detail: `message ${o.msgId} was committed in its sender's own inbox, but SendSvr did not ack it within ${formatBudgetMs(dueUs - o.setAtUs)} (a data-centre hop and a server disk write), on a calm path`,
      user: o.device.user,
    }),
  });
  const kind = book.text('ack-after-commit');
  const cause = book.text("the commit in the sender's inbox of");
  sim.trace.on(EV_COMMIT, (timeUs, _store, user, _seq, msgId) => {
    if (ledger.reannounced || ledger.repeatCommit) return;
    const message = ledger.message(msgId);
    if (user !== message.user || message.svrAckUs >= 0 || timeUs - message.composedUs >= patienceUs) return;
    book.set(kind, ledger.device(message.device), -1, msgId, 0, timeUs, bounds.ackAfterCommitUs, cause, msgId, -1);
  });
  return (nowUs) => book.judge(nowUs);
}
