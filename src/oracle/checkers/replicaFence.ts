// commit-quorum, replica-fence: a MsgStore replica takes no batch of an epoch older than one it has
// acked. Its ack is sent once the batch's write is durable, and that write raised the epoch on its
// disk, so from then on, restarts included, a deposed primary's batch (late, or replayed by the data
// centre) is fenced off. A replica that took any batch cut its log back to the old epoch's entries,
// erasing some the new primary had committed on it; in 8 of 10 replay runs the erased entries were
// sent again before anything needed them, and every rule held.
// Seen as the replica answers a batch (network.watchSends): an answer in an epoch below one it acked
// before is an answer to a batch it took. Acks go out in the order their writes land, one disk per
// replica, so the epochs it acks never fall; a refusal (the batch did not follow on) goes at once,
// and is judged against the acks before it only.
import { PerProcess } from '../perProcess.js';
import type { ReplicateAck } from '../../system/wire.js';
import type { CheckerContext } from '../checker.js';

export const REPLICA_FENCE = 'replica-fence';

export function replicaFence(invariant: string, { sim, sink }: CheckerContext): void {
  /** Per replica: the highest epoch of a batch it acked (0: none). */
  const ackedEpoch = new PerProcess(0);
  sim.network.watchSends('replicate-ack', (replica, primary, message) => {
    const ack = message as ReplicateAck;
    const fenced = ackedEpoch.get(replica);
    if (ack.epoch < fenced) {
      const answer = ack.ok ? 'acked' : 'refused (to resend from its LSN ' + ack.lsn + ')';
      const detail = `${REPLICA_FENCE}: ${sim.process(replica).name} ${answer} batch ${ack.reqId} of ${sim.process(primary).name} in epoch ${ack.epoch}, after it had acked a batch of epoch ${fenced} (a deposed primary's batch is fenced off)`;
      sink.violate(invariant, { kind: REPLICA_FENCE, detail });
    }
    if (ack.ok && ack.epoch > fenced) ackedEpoch.set(replica, ack.epoch);
  });
}
