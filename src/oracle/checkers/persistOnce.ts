// timeliness, persist-once: an allocator has at most one write of a section's max_seq in flight. A
// seq request that needs the raise while one is under way waits on it; the next write goes only once
// the store answered this one, or its RPC timeout passed (the Rpc gave up, or tries again under the
// same request id), or a new lease or incarnation started the allocator over. An allocator that
// asked "does this section need a raise?" before "is a raise already under way?" sent the store one
// identical synced write per waiting request, 16-19 where one would do in a group storm, each holding
// its request a store round trip: no seq rule broke and every deadline held.
// Judged as the allocator sends (network.watchSends), per allocator and section. An answer counts as
// it reaches the allocator. Timeouts run on the simulation's clock, so the only allowance is the
// timer's rounding to whole microseconds.
import { formatBudgetMs, TIMER_ROUNDING_US } from '../bounds.js';
import type { CheckerContext } from '../checker.js';
import { pairKey } from '../arrivals.js';
import type { MaxSeqResp, MaxSeqWrite } from '../../system/wire.js';

export const PERSIST_ONCE = 'persist-once';

/** One allocator's write of one section's max_seq: the one in flight (reqId -1: none), and when its latest attempt went. */
interface InFlight {
  incarnation: number;
  epoch: number;
  reqId: number;
  maxSeq: number;
  sentUs: number;
}

export function persistOnce(invariant: string, { sim, sink, knobs }: CheckerContext): void {
  const timeoutUs = knobs.rpcTimeoutUs - TIMER_ROUNDING_US;
  /** By pairKey(allocator, section). */
  const flights = new Map<number, InFlight>();
  /** By allocator: its write in flight per request id, as pairKey(allocator, section), to clear on the answer. */
  const sectionOfReq = new Map<number, Map<number, number>>();
  sim.network.watchSends('maxseq-write', (allocator, _store, message) => {
    const write = message as MaxSeqWrite;
    const nowUs = sim.nowUs;
    const incarnation = sim.process(allocator).incarnation;
    const key = pairKey(allocator, write.section);
    let byReq = sectionOfReq.get(allocator);
    if (byReq === undefined) sectionOfReq.set(allocator, (byReq = new Map()));
    let flight = flights.get(key);
    if (flight === undefined) flights.set(key, (flight = { incarnation, epoch: write.epoch, reqId: -1, maxSeq: 0, sentUs: nowUs }));
    const another = flight.reqId !== write.reqId;
    const inFlight = flight.incarnation === incarnation && flight.epoch === write.epoch && flight.reqId >= 0 && nowUs - flight.sentUs < timeoutUs;
    if (another && inFlight) {
      const detail = `${PERSIST_ONCE}: ${sim.process(allocator).name} sent its store max_seq write ${write.reqId} (section ${write.section} to ${write.maxSeq}) while write ${flight.reqId} (to ${flight.maxSeq}), sent ${formatBudgetMs(nowUs - flight.sentUs)} before, was unanswered and its ${formatBudgetMs(knobs.rpcTimeoutUs)} timeout not passed (requests that need a raise under way wait on it)`;
      sink.violate(invariant, { kind: PERSIST_ONCE, detail });
    }
    if (another && flight.reqId >= 0) byReq.delete(flight.reqId);
    byReq.set(write.reqId, key);
    flight.incarnation = incarnation;
    flight.epoch = write.epoch;
    flight.reqId = write.reqId;
    flight.maxSeq = write.maxSeq;
    flight.sentUs = nowUs;
  });
  sim.network.watch('maxseq-resp', (allocator, _store, delivered, message) => {
    if (!delivered) return;
    const { reqId } = message as MaxSeqResp;
    const byReq = sectionOfReq.get(allocator);
    const key = byReq?.get(reqId);
    if (key === undefined) return;
    byReq!.delete(reqId);
    const flight = flights.get(key)!;
    if (flight.reqId === reqId && flight.incarnation === sim.process(allocator).incarnation) flight.reqId = -1;
  });
}
