// timeliness, replicate-from: a MsgStore primary sends each replica its log from where that replica
// is known to hold it, not from further back. A primary that takes over (promoted by a failover, or
// restarted as the primary) first sends each replica only what lies past the commit point it leads
// with: everything up to there is committed, so a majority holds it already, and a replica that
// lacks some answers with a hint that moves the next batch back. After that, each batch starts where
// the replica's latest answer the primary took put it (an ack: it holds the log up to there; a hint:
// it matches up to there), a resend after a timeout where the batch it resends did. A primary that
// re-shipped its whole log from LSN 1 to every replica after each takeover sent thousands of entries
// the replicas held (and wrote them again), delaying the commits behind them, and every rule held.
// The commit point it leads with is the one it announces in its first batch of the replication, or,
// where it committed before any batch went (a primary that is a majority on its own), one below the
// first LSN it committed (it commits LSN by LSN from there). A replication starts with a promotion
// or a restart. Judged as the primary sends (network.watchSends), per primary incarnation, epoch
// and replica; an answer counts as it reaches the primary, and only one that names the batch in
// flight (as the primary takes it: a copy or a replay of an old one does not).
// replicate-carries: and every batch carries at least one entry: a primary sends a replica a batch
// only once its durable log runs past where that replica's last batch began. One whose idle test
// was off by one sent a caught-up replica empty batches without end (server disk writes x254, data
// centre bytes x42 on baseline), each answered before the next, and every other rule held.
import { EV_COMMIT, EV_PROMOTED } from '../../system/events.js';
import type { CheckerContext } from '../checker.js';
import { pairKey } from '../arrivals.js';
import type { Replicate, ReplicateAck } from '../../system/wire.js';

export const REPLICATE_FROM = 'replicate-from';
export const REPLICATE_CARRIES = 'replicate-carries';

/** One replication (a primary's incarnation, and its promotions in it) and the commit point it led with. */
interface Replication {
  readonly incarnation: number;
  readonly promotions: number;
  readonly ledLsn: number;
  /** The epoch of its batches (-1: none sent yet). */
  epoch: number;
}

/** One replica within a replication: where its batches may start from, why, and the batch in flight (0: none). */
interface Replica {
  readonly replication: Replication;
  fromLsn: number;
  answeredReqId: number;
  reqId: number;
}

export function replicateFrom(invariant: string, { sim, sink }: CheckerContext): void {
  const replications = new Map<number, Replication>();
  /** Per MsgStore, the promotions it has had. */
  const promotions = new Map<number, number>();
  /** By pairKey(primary, replica). */
  const replicas = new Map<number, Replica>();
  /** The primary's current replication, begun now (leading with `ledLsn`) if it has none yet. */
  const replicationOf = (primary: number, ledLsn: number): Replication => {
    const incarnation = sim.process(primary).incarnation;
    const promoted = promotions.get(primary) ?? 0;
    let replication = replications.get(primary);
    if (replication === undefined || replication.incarnation !== incarnation || replication.promotions !== promoted) {
      replication = { incarnation, promotions: promoted, ledLsn, epoch: -1 };
      replications.set(primary, replication);
    }
    return replication;
  };
  sim.trace.on(EV_PROMOTED, (_t, store) => promotions.set(store, (promotions.get(store) ?? 0) + 1));
  sim.trace.on(EV_COMMIT, (_t, primary, _user, _seq, _msgId, lsn) => void replicationOf(primary, lsn - 1));
  sim.network.watchSends('replicate', (primary, replicaId, message) => {
    const batch = message as Replicate;
    if (batch.entries.length === 0) {
      const detail = `${REPLICATE_CARRIES}: ${sim.process(primary).name} sent ${sim.process(replicaId).name} a batch from LSN ${batch.prevLsn + 1} with no entries (a batch goes only for entries the replica lacks)`;
      sink.violate(invariant, { kind: REPLICATE_CARRIES, detail });
    }
    const replication = replicationOf(primary, batch.commitLsn);
    replication.epoch = batch.epoch;
    const key = pairKey(primary, replicaId);
    let replica = replicas.get(key);
    if (replica === undefined || replica.replication !== replication) {
      replica = { replication, fromLsn: replication.ledLsn, answeredReqId: 0, reqId: 0 };
      replicas.set(key, replica);
    }
    replica.reqId = batch.reqId;
    if (batch.prevLsn >= replica.fromLsn) return;
    const primaryName = sim.process(primary).name;
    const why =
      replica.answeredReqId === 0
        ? `below the commit point ${replica.fromLsn} it leads with in epoch ${batch.epoch} (a majority holds everything up to it)`
        : `below LSN ${replica.fromLsn}, up to which its answer to batch ${replica.answeredReqId} said it holds or matches the log`;
    const detail = `${REPLICATE_FROM}: ${primaryName} sent ${sim.process(replicaId).name} a batch from LSN ${batch.prevLsn + 1}, ${why}`;
    sink.violate(invariant, { kind: REPLICATE_FROM, detail });
  });
  sim.network.watch('replicate-ack', (primary, replicaId, delivered, message) => {
    if (!delivered) return;
    const replica = replicas.get(pairKey(primary, replicaId));
    const ack = message as ReplicateAck;
    if (replica === undefined || replica.reqId !== ack.reqId || replica.replication.epoch !== ack.epoch || replica.replication.incarnation !== sim.process(primary).incarnation) return;
    replica.reqId = 0;
    replica.answeredReqId = ack.reqId;
    replica.fromLsn = ack.lsn;
  });
}
