// latency (per run): every healthy delivery meets a hard deadline, counted from SendSvr's ack: the
// hint's path (PushSvr, ConnectSvr, the long connection) and then the catch-up (one pull already
// under way, then a round trip per page of backlog), each hop at its model maximum. No correct run
// can miss it, so one miss is a bug: a hint that never came, a pull that waited for a timer. A
// delivery counts as healthy when the receiver's session was up before the ack (long enough for
// PushSvr to know) and stays up, and no fault touches the hint or pull path meanwhile.
//
// The scenario's latency bound (the seed's "about 100 ms" at p99) is a statistical promise: one run
// has too few and too correlated samples to judge it without false alarms, so `seqsim check` judges
// it on each scenario's healthy deliveries pooled over the sweep (see pooledLatency.ts).
import { EV_SENDSVR_ACK, EV_STORE, SESSION_DOWN } from '../../system/events.js';
import { Arrivals, pairKey } from '../arrivals.js';
import { catchUpUs, formatBudgetMs, pagesFor } from '../bounds.js';
import type { Checker, CheckerContext } from '../checker.js';
import { DeadlineBook, type Obligation } from '../deadlines.js';

export const LATENCY = 'latency';
export const HEALTHY = 'healthy';

export function latencyChecker({ sim, ledger, sink, bounds, paths }: CheckerContext): Checker {
  const budget = (o: Obligation) => `the hint's path, then ${pagesFor(o.backlog, bounds.pageSize) + 1} pull round trips`;
  /** When each healthy delivery's seq was stored on its device. */
  const stores = new Arrivals();
  const storeKey = (o: Obligation) => pairKey(o.device.id, o.seq);
  const book = new DeadlineBook(LATENCY, sink, (id) => ledger.device(id), {
    lapsed: (o) => o.device.retired || o.device.sessionEpoch !== o.epoch,
    kept: (o) => o.device.held.get(o.seq) === o.msgId && stores.keptWithin(storeKey(o), o),
    disturbed: (o, dueUs) => paths.hintAndPullTouched(ledger.message(o.msgId), o.device, o.fromUs, dueUs),
    // A fault on the way makes the delivery unhealthy: timeliness judges it instead.
    clearUs: () => undefined,
    done: (o) => stores.forget(storeKey(o)),
    budget,
    describe: (o, dueUs) => ({
      detail: `healthy delivery of message ${o.msgId} not stored within ${formatBudgetMs(dueUs - o.setAtUs)} of SendSvr's ack (${budget(o)})`,
      user: o.device.user,
      seq: o.seq,
    }),
  });
  const HEALTHY_ID = book.text(HEALTHY);
  const ACK_CAUSE = book.text('sendsvr-ack of');
  sim.trace.on(EV_SENDSVR_ACK, (timeUs, _sendSvr, msgId) => {
    const message = ledger.message(msgId);
    if (message.svrAckUs !== timeUs) return; // a retried send acked again: its deadlines are set
    const { commits } = message;
    for (let i = 0; i < commits.size; i++) {
      const seq = commits.valueAt(i);
      for (const device of ledger.installed(commits.keyAt(i))) {
        if (device.id === message.device || device.sessionKind === SESSION_DOWN || device.sessionSinceUs > timeUs - bounds.presenceLagUs) continue;
        // Stored already (a pull got there before the ack): kept.
        if (device.held.get(seq) === msgId) continue;
        const backlog = ledger.backlog(device, seq);
        stores.expect(pairKey(device.id, seq));
        book.set(HEALTHY_ID, device, seq, msgId, device.sessionEpoch, timeUs, bounds.hintPathUs + catchUpUs(bounds, backlog), ACK_CAUSE, msgId, backlog);
      }
    }
  });
  sim.trace.on(EV_STORE, (timeUs, device, _msgId, seq) => stores.arrived(pairKey(device, seq), timeUs));
  return { name: LATENCY, tick: (nowUs) => book.judge(nowUs), finish: () => book.judge(sim.nowUs) };
}
