// commit-quorum, commit-on-quorum: a MsgStore primary commits an entry in the instant it learns
// that a majority of its group holds it: as the replica's ack that makes the majority reaches it.
// Its tail at a takeover included: the new primary writes that tail again in its own epoch, so it
// commits like any append. A primary that kept its tail in the old epoch could not commit it by
// counting copies, and did only once a later append of its own epoch reached a majority; in a
// quiet shard the sends in that tail waited seconds, or never ended, and the failover that began
// it excused every deadline.
// The oracle counts what the primary itself knows, never more: its own log durable through the
// end of the latest batch it sent (it sends only what is durable), and each replica's ack that
// answers the batch in flight to it, in its epoch, before that batch's timeout (the primary takes
// no other). A majority of those through an LSN owes its commit before the run's clock moves on.
// Per reign: a lead (EV_LEAD) starts one; a crash of the primary ends it.
import { EV_COMMIT, EV_LEAD } from '../../system/events.js';
import type { Replicate, ReplicateAck } from '../../system/wire.js';
import { formatBudgetMs, TIMER_ROUNDING_US } from '../bounds.js';
import type { CheckerContext } from '../checker.js';

export const COMMIT_ON_QUORUM = 'commit-on-quorum';

/** What the primary has heard from one replica: the batch in flight (reqId 0: none) and how far the replica matched. */
interface Peer {
  reqId: number;
  sentUs: number;
  match: number;
}

/** One primary's reign: from its lead in `epoch` until it crashes. */
interface Reign {
  readonly incarnation: number;
  readonly epoch: number;
  readonly groupSize: number;
  /** Its own log is durable at least through here: the end of the latest batch it sent. */
  ownLsn: number;
  committedLsn: number;
  readonly peers: Map<number, Peer>;
  /** An LSN a majority held as the primary learnt it (0: none owed), and since when. */
  owedLsn: number;
  owedSinceUs: number;
}

export function commitOnQuorum(invariant: string, { sim, sink, knobs, paths }: CheckerContext): (nowUs: number) => void {
  const timeoutUs = knobs.rpcTimeoutUs - TIMER_ROUNDING_US;
  // The oracle's own arithmetic, not the system's majorityOf: a slip there must not hide here.
  const majorityOf = (size: number) => Math.floor(size / 2) + 1;
  /** By primary. */
  const reigns = new Map<number, Reign>();
  const live = (primary: number): Reign | undefined => {
    const reign = reigns.get(primary);
    return reign !== undefined && reign.incarnation === sim.process(primary).incarnation ? reign : undefined;
  };
  /** How many of the primary and the replicas, as it knows them, hold its log through `lsn`. */
  const holders = (reign: Reign, lsn: number): number => {
    let count = reign.ownLsn >= lsn ? 1 : 0;
    for (const peer of reign.peers.values()) if (peer.match >= lsn) count++;
    return count;
  };
  /** The highest LSN held by a majority (groups are small: each member's LSN is tried, nothing allocated). */
  const quorumLsn = (reign: Reign): number => {
    const majority = majorityOf(reign.groupSize);
    let best = holders(reign, reign.ownLsn) >= majority ? reign.ownLsn : 0;
    for (const peer of reign.peers.values()) {
      const lsn = Math.min(peer.match, reign.ownLsn);
      if (lsn > best && holders(reign, lsn) >= majority) best = lsn;
    }
    return best;
  };
  const owe = (reign: Reign) => {
    const lsn = quorumLsn(reign);
    if (lsn <= reign.committedLsn || lsn <= reign.owedLsn) return;
    if (reign.owedLsn === 0) reign.owedSinceUs = sim.nowUs;
    reign.owedLsn = lsn;
  };
  const report = (primary: number, reign: Reign, what: string) => {
    const detail = `${COMMIT_ON_QUORUM}: ${sim.process(primary).name} (epoch ${reign.epoch}) knew at ${formatBudgetMs(reign.owedSinceUs)} that a majority of its group held its log through LSN ${reign.owedLsn}, and ${what} (an entry commits as its majority is known)`;
    sink.violate(invariant, { kind: COMMIT_ON_QUORUM, detail });
    reign.owedLsn = 0;
  };
  sim.trace.on(EV_LEAD, (_t, primary, epoch, commitLsn) => {
    const groupSize = paths.routes.topology.msgStoreGroups[paths.routes.shardOfStore(primary)]!.length;
    const reign = { incarnation: sim.process(primary).incarnation, epoch, groupSize, ownLsn: commitLsn, committedLsn: commitLsn, peers: new Map(), owedLsn: 0, owedSinceUs: 0 };
    reigns.set(primary, reign);
  });
  sim.network.watchSends('replicate', (primary, replica, message) => {
    const batch = message as Replicate;
    const reign = live(primary);
    if (reign === undefined || batch.epoch !== reign.epoch) return;
    reign.ownLsn = Math.max(reign.ownLsn, batch.prevLsn + batch.entries.length);
    const peer = reign.peers.get(replica);
    if (peer === undefined) reign.peers.set(replica, { reqId: batch.reqId, sentUs: sim.nowUs, match: 0 });
    else {
      peer.reqId = batch.reqId;
      peer.sentUs = sim.nowUs;
    }
    owe(reign);
  });
  sim.network.watch('replicate-ack', (primary, replica, delivered, message) => {
    if (!delivered) return;
    const ack = message as ReplicateAck;
    const reign = live(primary);
    const peer = reign?.peers.get(replica);
    // A late copy, or the answer to a batch already given up on: the primary takes neither.
    if (peer === undefined || ack.epoch !== reign!.epoch || ack.reqId !== peer.reqId || sim.nowUs - peer.sentUs >= timeoutUs) return;
    peer.reqId = 0;
    if (ack.ok) peer.match = Math.max(peer.match, ack.lsn);
    owe(reign!);
  });
  sim.trace.on(EV_COMMIT, (timeUs, primary, _user, _seq, _msgId, lsn) => {
    const reign = live(primary);
    if (reign === undefined) return;
    reign.committedLsn = Math.max(reign.committedLsn, lsn);
    if (reign.owedLsn === 0) return;
    if (timeUs > reign.owedSinceUs) report(primary, reign, `committed LSN ${lsn} only at ${formatBudgetMs(timeUs)}`);
    else if (lsn >= reign.owedLsn) reign.owedLsn = 0;
  });
  return (nowUs) => {
    for (const [primary, reign] of reigns) {
      if (reign.owedLsn > 0 && nowUs > reign.owedSinceUs && live(primary) === reign) report(primary, reign, `had committed only through LSN ${reign.committedLsn} by ${formatBudgetMs(nowUs)}`);
    }
  };
}
