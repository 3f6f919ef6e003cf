// commit-quorum, lead-commit and lead-end: what a MsgStore primary says of the log it takes over
// with (its `lead` event) is what the oracle saw it receive. Other rules take a lead's commit point
// and log end from that event (read-held waits for the commit that reaches the end), so they are
// checked here against what the replica heard:
//   - lead-commit: the commit point is no lower than what the replica knew committed: every batch
//     it acked carried the primary's commit point as of then (up to the batch's end), and its ack
//     follows the write that put that point on its disk. A replica that kept the point on disk but
//     not in memory led at commit point 0 after a failover, wrote its whole log again in its own
//     epoch and committed 164 entries a second time; 39 of 40 changed runs passed every rule.
//   - lead-end: the log's end is no further than the furthest the replica ever held: the end of a
//     batch delivered to it, or of its own log on its disk. A primary that set its end one past its
//     log held every read until some new append committed (pulls waiting 3 s instead of 52 ms; a
//     full shard's, for good), and read-held, trusting the end it was told, saw nothing wrong.
import { EV_LEAD, EV_LOG_DURABLE } from '../../system/events.js';
import type { Replicate, ReplicateAck } from '../../system/wire.js';
import type { CheckerContext } from '../checker.js';
import { PerProcess } from '../perProcess.js';

export const LEAD_COMMIT = 'lead-commit';
export const LEAD_END = 'lead-end';

/** The batch last delivered to a replica from one primary (stop and wait: one in flight). */
interface Delivered {
  reqId: number;
  /** The primary's commit point as of the batch, up to the batch's end. */
  commitLsn: number;
}

export function leadFacts(invariant: string, { sim, sink }: CheckerContext): void {
  /** Per store: the highest commit point a batch it acked carried. */
  const knownCommitted = new PerProcess(0);
  /** Per store: the furthest LSN it ever held, received or on its disk. */
  const furthest = new PerProcess(0);
  /** By replica x 2^16 + primary. */
  const delivered = new Map<number, Delivered>();
  sim.network.watch('replicate', (replica, primary, arrived, message) => {
    if (!arrived) return;
    const batch = message as Replicate;
    const endLsn = batch.prevLsn + batch.entries.length;
    furthest.set(replica, Math.max(furthest.get(replica), endLsn));
    const key = replica * 2 ** 16 + primary;
    const last = delivered.get(key);
    const commitLsn = Math.min(batch.commitLsn, endLsn);
    if (last === undefined) delivered.set(key, { reqId: batch.reqId, commitLsn });
    else {
      last.reqId = batch.reqId;
      last.commitLsn = commitLsn;
    }
  });
  sim.network.watchSends('replicate-ack', (replica, primary, message) => {
    const ack = message as ReplicateAck;
    const batch = delivered.get(replica * 2 ** 16 + primary);
    // An ack of an earlier batch than the last delivered counts for nothing here: a lower bound.
    if (!ack.ok || batch === undefined || batch.reqId !== ack.reqId) return;
    knownCommitted.set(replica, Math.max(knownCommitted.get(replica), batch.commitLsn));
  });
  sim.trace.on(EV_LOG_DURABLE, (_t, store, lsn) => furthest.set(store, Math.max(furthest.get(store), lsn)));
  sim.trace.on(EV_LEAD, (_t, store, epoch, commitLsn, endLsn) => {
    const name = sim.process(store).name;
    const known = knownCommitted.get(store);
    if (commitLsn < known) {
      const detail = `${LEAD_COMMIT}: ${name} led in epoch ${epoch} from commit point ${commitLsn}, below LSN ${known}, which a batch it acked had told it was committed (its disk holds that point)`;
      sink.violate(invariant, { kind: LEAD_COMMIT, detail });
    }
    if (endLsn > furthest.get(store)) {
      const detail = `${LEAD_END}: ${name} led in epoch ${epoch} with its log ending at LSN ${endLsn}, past LSN ${furthest.get(store)}, the furthest it ever received or wrote`;
      sink.violate(invariant, { kind: LEAD_END, detail });
    }
  });
}
