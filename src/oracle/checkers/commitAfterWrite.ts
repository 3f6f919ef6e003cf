// timeliness, a commit: once a MsgStore primary's own log is durable through an LSN, it commits
// through that LSN within its replication to a majority: the batch in flight to a replica, then the
// batches carrying what lies between the commit point and that LSN (MAX_BATCH entries each), each a
// round trip and a replica's write, on a calm path: no fault on the primary, and enough replicas
// untouched to make a majority with it (a fault on a minority of them must not slow commits).
// The send's own deadline ('sent') allows a minute and more, so a primary whose commits waited on
// something they need not (the next append, a timer) met every deadline.
// Not judged where data-centre links lose datagrams by design: a batch may need its retry.
import { EV_COMMIT, EV_LOG_DURABLE } from '../../system/events.js';
import { MAX_BATCH } from '../../system/replicator.js';
import { formatBudgetMs } from '../bounds.js';
import type { CheckerContext } from '../checker.js';

/** A primary's log durable through `lsn` at `setAtUs`, owed committed by `dueUs`. */
interface Owed {
  readonly lsn: number;
  readonly setAtUs: number;
  readonly dueUs: number;
}

export function commitAfterWrite(invariant: string, { sim, sink, knobs, bounds, paths }: CheckerContext): (nowUs: number) => void {
  if (knobs.dataCenterLink.lossRate > 0) return () => {};
  const { routes } = paths;
  /** Per store: the highest LSN it committed, and what it owes in LSN order. */
  const committedLsn = new Map<number, number>();
  const owed = new Map<number, Owed[]>();
  const report = (store: number, o: Owed, what: string, facts: { msgId?: number; user?: number; seq?: number } = {}) => {
    const budgetMs = formatBudgetMs(o.dueUs - o.setAtUs);
    const budget = `${budgetMs}: replication to a majority`;
    sink.violate(invariant, {
      kind: 'commit-after-write',
      detail: `MsgStore primary ${store} did not commit LSN ${o.lsn} within ${budgetMs} of its log being durable through it (replication to a majority), on a calm path: ${what}`,
      ...facts,
      deadline: { kind: 'commit-after-write', dueUs: o.dueUs, setBy: `the log durable through LSN ${o.lsn}`, setAtUs: o.setAtUs, budget },
    });
  };
  sim.trace.on(EV_LOG_DURABLE, (timeUs, store, lsn) => {
    const committed = committedLsn.get(store) ?? 0;
    if (lsn <= committed || routes.primaryOfShard(routes.shardOfStore(store)) !== store) return;
    const list = owed.get(store) ?? [];
    owed.set(store, list);
    if (list.length > 0 && list[list.length - 1]!.lsn >= lsn) return;
    const batches = 1 + Math.ceil((lsn - committed) / MAX_BATCH);
    list.push({ lsn, setAtUs: timeUs, dueUs: timeUs + batches * bounds.replicationRoundUs });
  });
  sim.trace.on(EV_COMMIT, (timeUs, store, user, seq, msgId, lsn) => {
    committedLsn.set(store, Math.max(committedLsn.get(store) ?? 0, lsn));
    const list = owed.get(store);
    while (list !== undefined && list.length > 0 && list[0]!.lsn <= lsn) {
      const o = list.shift()!;
      if (timeUs > o.dueUs && o.lsn === lsn && !paths.commitTouched(routes.shardOfStore(store), store, o.setAtUs, timeUs)) {
        report(store, o, `it committed it at ${formatBudgetMs(timeUs)}, ${formatBudgetMs(timeUs - o.setAtUs)} after (seq ${seq} of user ${user}'s inbox)`, { msgId, user, seq });
      }
    }
  });
  return (nowUs) => {
    for (const [store, list] of owed) {
      while (list.length > 0 && list[0]!.dueUs < nowUs) {
        const o = list.shift()!;
        if (!paths.commitTouched(routes.shardOfStore(store), store, o.setAtUs, nowUs)) report(store, o, 'it had not committed it by then');
      }
    }
  };
}
