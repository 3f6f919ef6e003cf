// commit-quorum: an inbox entry is committed only while a majority of its shard's replicas hold it
// on disk. A replica's ack and the primary's count of acks are claims; EV_LOG_DURABLE is what each
// disk holds. A replica whose last entry on disk is of the primary's epoch, in a log at least as
// long, holds the primary's entry at every LSN up to there: the primary of an epoch writes each LSN
// once, and a replica takes entries only right after one that matches. So a replica that acks a
// batch before writing it, or a primary that counts its acks wrong, fails in any run, without the
// failover that would then lose the entry.
// And a committed entry is kept. A disk counted toward a commit never again holds a log ending in an
// older epoch, or shorter in the same epoch (epochs only rise along a log, so either means the
// entry was cut or overwritten). A newer primary may cut it: it writes its tail again in its own
// epoch, the same entries restamped, and sends them in batches; so a replica promoted must hold
// every entry its shard committed (its log as long, ending in an epoch as recent).
// And every promotion leads in a new epoch, above any its shard has written in or been promoted
// in: a failover that bumped the shard map's epoch but promoted with the old one wrote in the
// deposed primary's epoch, so comparing (LSN, epoch) no longer told a divergent tail apart; only 2
// of 80 runs broke a rule.
// And the copies come back: once faults have healed and the run is quiet, every replica of a shard
// holds all the shard committed, so that a later loss of the primary still finds them. A primary
// that resent a refused batch from the same place, not from the replica's hint, never caught that
// replica up, and the shard ran on two copies of three while every other rule held.
// And a replica takes no batch of an epoch older than one it acked (replicaFence.ts), and a primary
// commits in the instant it learns a majority holds an entry, its takeover tail too (commitOnQuorum.ts).
// And a primary's lead names a commit point and log end that agree with what its replica received
// (leadFacts.ts).
import { EV_COMMIT, EV_LOG_DURABLE, EV_PROMOTED } from '../../system/events.js';
import type { CheckerFactory } from '../checker.js';
import { commitOnQuorum } from './commitOnQuorum.js';
import { leadFacts } from './leadFacts.js';
import { replicaFence } from './replicaFence.js';

export const COMMIT_QUORUM = 'commit-quorum';
/** The kind of a promotion into an epoch the shard has had already. */
export const STALE_EPOCH = 'stale-epoch';

export const commitQuorum: CheckerFactory = (context) => {
  const { sim, sink, paths } = context;
  replicaFence(COMMIT_QUORUM, context);
  leadFacts(COMMIT_QUORUM, context);
  const judgeOwedCommits = commitOnQuorum(COMMIT_QUORUM, context);
  // Per MsgStore process: how far its log is on disk, and the epoch of its last entry there.
  const durableLsn: number[] = [];
  const durableEpoch: number[] = [];
  // Per MsgStore process: the furthest commit its disk was counted toward (LSN 0: none), that
  // commit's epoch and its message (in arrays: this runs twice per message).
  const countedLsn: number[] = [];
  const countedEpoch: number[] = [];
  const countedCommit: number[] = [];
  sim.trace.on(EV_LOG_DURABLE, (_t, store, lsn, epoch) => {
    durableLsn[store] = lsn;
    durableEpoch[store] = epoch;
    const heldLsn = countedLsn[store] ?? 0;
    if (heldLsn === 0 || epoch > countedEpoch[store]! || (epoch === countedEpoch[store] && lsn >= heldLsn)) {
      // A newer primary's log: its commits (of the entries restamped too) count this disk again.
      if (epoch > countedEpoch[store]!) countedLsn[store] = 0;
      return;
    }
    countedLsn[store] = 0;
    const [msgId, user, seq] = [countedCommit[3 * store]!, countedCommit[3 * store + 1]!, countedCommit[3 * store + 2]!];
    const now = `its log now ends at LSN ${lsn} in epoch ${epoch}`;
    sink.violate(COMMIT_QUORUM, { detail: `a replica's disk lost a committed entry: ${now}, after it held LSN ${heldLsn} of epoch ${countedEpoch[store]} toward a commit`, msgId, user, seq });
  });
  // Per shard: the furthest LSN committed (0: none yet), its epoch, and the shard's replicas.
  const shardLsn: number[] = [];
  const shardEpoch: number[] = [];
  const shardGroup: (readonly number[])[] = [];
  /** Whether `store`'s disk holds the log its shard committed up to `lsn` in `epoch`. */
  const holdsCommitted = (store: number, lsn: number, epoch: number) => (durableEpoch[store] ?? 0) >= epoch && (durableLsn[store] ?? 0) >= lsn;
  /** Per shard: the latest epoch a promotion gave it. */
  const promotedEpoch: number[] = [];
  sim.trace.on(EV_PROMOTED, (_t, store, shard, epoch) => {
    // A new epoch, above any the shard has been promoted in or committed in (its replicas' disks
    // since its first commit): (LSN, epoch) tells logs apart only so.
    const replicas = shardGroup[shard] ?? [];
    const before = Math.max(promotedEpoch[shard] ?? 0, ...replicas.map((replica) => durableEpoch[replica] ?? 0));
    promotedEpoch[shard] = Math.max(promotedEpoch[shard] ?? 0, epoch);
    if (epoch <= before) {
      sink.violate(COMMIT_QUORUM, { kind: STALE_EPOCH, detail: `${sim.process(store).name} was promoted in epoch ${epoch}, not above epoch ${before}, which its shard has had (a new primary leads in a new epoch)` });
    }
    const lsn = shardLsn[shard] ?? 0;
    const [storeLsn, storeEpoch] = [durableLsn[store] ?? 0, durableEpoch[store] ?? 0];
    if (lsn === 0 || holdsCommitted(store, lsn, shardEpoch[shard]!)) return;
    sink.violate(COMMIT_QUORUM, { detail: `a replica whose log ends at LSN ${storeLsn} in epoch ${storeEpoch} was promoted, short of LSN ${lsn} committed in epoch ${shardEpoch[shard]}` });
  });
  sim.trace.on(EV_COMMIT, (_t, primary, user, seq, msgId, lsn) => {
    const group = paths.routes.msgStoresOf(user);
    const epoch = durableEpoch[primary];
    const shard = paths.routes.shardOf(user);
    if (lsn > (shardLsn[shard] ?? 0)) {
      shardLsn[shard] = lsn;
      shardEpoch[shard] = epoch!;
      shardGroup[shard] = group;
    }
    let holders = 0;
    for (const store of group) {
      if (durableEpoch[store] !== epoch || durableLsn[store]! < lsn) continue;
      holders++;
      if (lsn <= (countedLsn[store] ?? 0)) continue;
      countedLsn[store] = lsn;
      countedEpoch[store] = epoch!;
      countedCommit[3 * store] = msgId;
      countedCommit[3 * store + 1] = user;
      countedCommit[3 * store + 2] = seq;
    }
    // The oracle's own arithmetic, not the system's majorityOf: a slip there must not hide here.
    const majority = Math.floor(group.length / 2) + 1;
    if (holders >= majority) return;
    sink.violate(COMMIT_QUORUM, { detail: `committed at LSN ${lsn} while ${holders} of its shard's ${group.length} replicas held it on disk (a majority is ${majority})`, msgId, user, seq });
  });
  /** Every replica of `shard` that does not hold all its shard committed. */
  const behind = (shard: number): number[] => shardGroup[shard]!.filter((store) => !holdsCommitted(store, shardLsn[shard]!, shardEpoch[shard]!));
  return {
    name: COMMIT_QUORUM,
    tick: judgeOwedCommits,
    // A replica back at the heal catches up within a batch's round trips: the run waits for it.
    settled: () => shardGroup.every((_group, shard) => behind(shard).length === 0),
    finish() {
      shardGroup.forEach((_group, shard) => {
        const [lsn, epoch] = [shardLsn[shard]!, shardEpoch[shard]!];
        for (const store of behind(shard)) {
          const detail = `after the heal, ${sim.process(store).name}'s log ends at LSN ${durableLsn[store] ?? 0} in epoch ${durableEpoch[store] ?? 0} on disk, short of LSN ${lsn} its shard committed in epoch ${epoch}: the replica was never caught up`;
          sink.violate(COMMIT_QUORUM, { kind: 'replica-behind', detail });
        }
      });
    },
  };
};
