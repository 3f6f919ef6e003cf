// timeliness, read-held: a MsgStore primary that took its shard over holds reads only until its
// commit point reaches the end of the log it led with (a bound below that tail could tell a device
// it had caught up when it had not: `read-early`), and answers them then, in the order they came;
// after that, a read is answered as it arrives. A primary that released its held reads only at the
// commit after that kept pulls parked until the next append landed, and broke no rule: the pulls'
// retries and deadlines allowed it; one that set its log's end before putting the tail back held
// no read at all, and broke a rule only where a pull came to a device behind. The lead and its log's end are traced (`lead`); reads are counted as they
// reach the primary and as it reads (`read`), one for one in order.
import { traceKindByName } from '../../sim/traceKinds.js';
import { EV_COMMIT, EV_LEAD, EV_PROMOTED, EV_READ } from '../../system/events.js';
import type { ReadReq } from '../../system/wire.js';
import { formatBudgetMs } from '../bounds.js';
import type { CheckerContext } from '../checker.js';

export const READ_HELD = 'read-held';
export const READ_EARLY = 'read-early';

/** One primary's lead: the log end it waits for, when its commit point reached it (-1: not yet), and its reads not yet answered. */
interface Lead {
  readonly endLsn: number;
  caughtUpUs: number;
  /** When each unanswered read arrived, oldest first from `head`. */
  readonly arrivedUs: number[];
  head: number;
}

export function readsHeld(invariant: string, { sim, sink, paths }: CheckerContext): () => void {
  const leads = new Map<number, Lead>();
  const report = (store: number, lead: Lead, arrivedUs: number, answeredUs: number | null): void => {
    const dueUs = Math.max(arrivedUs, lead.caughtUpUs);
    const late = answeredUs === null ? `and had not answered it ${formatBudgetMs(sim.nowUs - dueUs)} after` : `and answered it only ${formatBudgetMs(answeredUs - dueUs)} after`;
    const detail = `${READ_HELD}: ${sim.process(store).name} had committed through LSN ${lead.endLsn}, the end of the log it took over with, when a read was due, ${late} (held reads go at that commit, later ones at once)`;
    sink.violate(invariant, { kind: READ_HELD, detail });
  };
  sim.trace.on(EV_LEAD, (timeUs, store, _epoch, commitLsn, endLsn) => leads.set(store, { endLsn, caughtUpUs: commitLsn >= endLsn ? timeUs : -1, arrivedUs: [], head: 0 }));
  sim.trace.on(EV_COMMIT, (timeUs, store, _user, _seq, _msgId, lsn) => {
    const lead = leads.get(store);
    if (lead !== undefined && lead.caughtUpUs < 0 && lsn >= lead.endLsn) lead.caughtUpUs = timeUs;
  });
  sim.network.watch('read-req', (store, _from, delivered, message) => {
    const lead = leads.get(store);
    if (delivered && lead !== undefined && paths.routes.primaryOf((message as ReadReq).user) === store) lead.arrivedUs.push(sim.nowUs);
  });
  sim.trace.on(EV_READ, (timeUs, store) => {
    const lead = leads.get(store);
    if (lead === undefined) return;
    if (lead.caughtUpUs < 0) {
      const detail = `${READ_EARLY}: ${sim.process(store).name} answered a read with its commit point short of LSN ${lead.endLsn}, the end of the log it took over with (entries there may be acked already: a bound below them tells a device it has caught up when it has not)`;
      sink.violate(invariant, { kind: READ_EARLY, detail });
    }
    if (lead.head === lead.arrivedUs.length) return;
    const arrivedUs = lead.arrivedUs[lead.head++]!;
    if (lead.head === lead.arrivedUs.length) {
      lead.arrivedUs.length = 0;
      lead.head = 0;
    }
    if (lead.caughtUpUs >= 0 && timeUs > Math.max(arrivedUs, lead.caughtUpUs)) report(store, lead, arrivedUs, timeUs);
  });
  // A crash ends the lead; so does a failover that replaced it (the store may answer on, unjudged).
  sim.trace.on(traceKindByName('crash')!, (_t, process) => leads.delete(process));
  sim.trace.on(EV_PROMOTED, (_t, _store, _shard, _epoch, previous) => leads.delete(previous));
  // Called between runs of the kernel: every handler at or before now is done.
  return () => {
    for (const [store, lead] of leads) {
      if (lead.caughtUpUs < 0 || lead.head === lead.arrivedUs.length) continue;
      report(store, lead, lead.arrivedUs[lead.head]!, null);
      lead.arrivedUs.length = 0;
      lead.head = 0;
    }
  };
}
