// timeliness, stop-and-wait: a MsgStore primary has at most one replicate batch in flight to each
// replica at a time. It sends the next only once the replica has answered the one in flight (an ack
// naming that batch's request id, in the primary's epoch) or that batch's timeout (the RPC timeout)
// has passed. Stop and wait is what keeps a log in order over a data centre that reorders datagrams
// (replicator.ts). A primary that took any ack from the replica for the answer to its batch in
// flight (a stale one, a copy the network made) sent the next batch at once, with the one before
// still on its way: 2,479 replicate deliveries for 1,445 in a replay run, batches overlapping and
// overwriting each other at the replica, and every rule held.
// And no later (replicate-resend): a batch still unanswered at its timeout is sent again in that
// instant. A primary that gave each batch the whole RPC budget (every attempt's timeout) before it
// sent it again left a replica whose batch was lost 5 s behind instead of 1: catch-up after a
// restart took 3.5 times as long, commit p99 went from 172 to 317 ms, and every rule held.
// Judged as the primary sends (network.watchSends), per primary incarnation, epoch and replica: a
// restart or a new epoch starts a new replication, with nothing in flight. An ack counts as it
// reaches the primary (a copy or a replay of an old ack names no batch in flight, and frees none).
// Timeouts run on the simulation's clock (a clock fault offsets a process's clock, not its rate) and
// a pause only delays them: no allowance but the timer's rounding to whole microseconds, and a batch
// whose primary was seen paused is not judged late.
import { formatBudgetMs, TIMER_ROUNDING_US } from '../bounds.js';
import type { CheckerContext } from '../checker.js';
import { pairKey } from '../arrivals.js';
import { EV_LEAD } from '../../system/events.js';
import type { Replicate, ReplicateAck } from '../../system/wire.js';

export const STOP_AND_WAIT = 'stop-and-wait';
export const REPLICATE_RESEND = 'replicate-resend';

/** One primary's replication to one replica: the batch in flight (reqId 0: none) and when it was sent. */
interface InFlight {
  readonly primary: number;
  readonly replica: number;
  incarnation: number;
  epoch: number;
  reqId: number;
  sentUs: number;
  /** The primary was seen paused while the batch was in flight: its timer may fire late. */
  paused: boolean;
}

/** Judges the batches whose timeout passed with no send (the run's tick). */
export function replicateStopAndWait(invariant: string, { sim, sink, knobs }: CheckerContext): (nowUs: number) => void {
  const timeoutUs = knobs.rpcTimeoutUs - TIMER_ROUNDING_US;
  const resendByUs = knobs.rpcTimeoutUs + TIMER_ROUNDING_US;
  /** By pairKey(primary, replica). */
  const flights = new Map<number, InFlight>();
  /** Whether `flight` is a batch its primary, in this life, still waits on. */
  const waiting = (flight: InFlight): boolean => flight.reqId !== 0 && flight.incarnation === sim.process(flight.primary).incarnation && sim.process(flight.primary).up;
  const late = (flight: InFlight, what: string): void => {
    const detail = `${REPLICATE_RESEND}: ${sim.process(flight.primary).name} sent ${sim.process(flight.replica).name} replicate batch ${flight.reqId} at ${formatBudgetMs(flight.sentUs)}, and ${what} (an unanswered batch goes again at its ${formatBudgetMs(knobs.rpcTimeoutUs)} timeout)`;
    sink.violate(invariant, { kind: REPLICATE_RESEND, detail });
  };
  sim.network.watchSends('replicate', (primary, replica, message) => {
    const batch = message as Replicate;
    const nowUs = sim.nowUs;
    const incarnation = sim.process(primary).incarnation;
    const key = pairKey(primary, replica);
    const flight = flights.get(key);
    if (flight === undefined) {
      flights.set(key, { primary, replica, incarnation, epoch: batch.epoch, reqId: batch.reqId, sentUs: nowUs, paused: false });
      return;
    }
    const pending = flight.incarnation === incarnation && flight.epoch === batch.epoch && flight.reqId !== 0;
    if (pending && nowUs - flight.sentUs < timeoutUs) {
      const detail = `${STOP_AND_WAIT}: ${sim.process(primary).name} sent ${sim.process(replica).name} replicate batch ${batch.reqId} (from LSN ${batch.prevLsn + 1}) while batch ${flight.reqId}, sent ${formatBudgetMs(nowUs - flight.sentUs)} before, was unanswered and its ${formatBudgetMs(knobs.rpcTimeoutUs)} timeout not passed (one batch in flight per replica)`;
      sink.violate(invariant, { kind: STOP_AND_WAIT, detail });
    } else if (pending && nowUs - flight.sentUs > resendByUs && !flight.paused) {
      late(flight, `sent the next only ${formatBudgetMs(nowUs - flight.sentUs)} after`);
    }
    flight.incarnation = incarnation;
    flight.epoch = batch.epoch;
    flight.reqId = batch.reqId;
    flight.sentUs = nowUs;
    flight.paused = false;
  });
  // A lead starts a new replication: whatever the primary had in flight before is given up.
  sim.trace.on(EV_LEAD, (_t, primary) => {
    for (const flight of flights.values()) if (flight.primary === primary) flight.reqId = 0;
  });
  sim.network.watch('replicate-ack', (primary, replica, delivered, message) => {
    if (!delivered) return;
    const flight = flights.get(pairKey(primary, replica));
    const ack = message as ReplicateAck;
    if (flight === undefined || flight.reqId !== ack.reqId || flight.epoch !== ack.epoch || flight.incarnation !== sim.process(primary).incarnation) return;
    flight.reqId = 0;
  });
  return (nowUs) => {
    for (const flight of flights.values()) {
      if (!waiting(flight)) continue;
      if (sim.isPaused(flight.primary)) flight.paused = true;
      else if (nowUs - flight.sentUs > resendByUs && !flight.paused) {
        late(flight, `had sent nothing more to it by ${formatBudgetMs(nowUs)}`);
        flight.reqId = 0;
      }
    }
  };
}
