// timeliness, rpc-attempts: a server's request to another server (every type an Rpc sends: a
// SendSvr's append, a ReceiveSvr's read, a MsgStore's seq request, an allocator's max_seq write)
// is transmitted at most rpcAttempts times under its request id, each attempt a whole RPC timeout
// after the one before. An Rpc that gave up one attempt late sent every unanswered request six
// times instead of five: a request to a failed-over primary or a restarting store held its caller
// a timeout longer than the budget every deadline allows for, and every rule held.
// Counted as the caller sends (network.watchSends): the network's losses, copies and replays are
// not attempts, so none needs excusing. Request ids are unique per process across incarnations
// (rpc.ts: firstReqId), so a restart's requests are new ones. Timeouts run on the simulation's
// clock (a clock fault offsets a process's clock, not its rate) and a pause only delays them, so the
// gap is exact, but for the timer's rounding to whole microseconds.
import { formatBudgetMs } from '../bounds.js';
import type { CheckerContext } from '../checker.js';

export const RPC_ATTEMPTS = 'rpc-attempts';

/** The request types a server sends through its Rpc (rpc.ts). */
const RPC_TYPES = ['append-req', 'read-req', 'alloc-req', 'maxseq-write'] as const;

/** Timers are set in whole microseconds: a gap may be short of its delay by the rounding. */
const TIMER_ROUNDING_US = 1;

interface Attempts {
  count: number;
  lastUs: number;
}

export function rpcAttempts(invariant: string, { sim, sink, knobs }: CheckerContext): (nowUs: number) => void {
  const attemptsMax = knobs.rpcAttempts;
  const gapMinUs = knobs.rpcTimeoutUs - TIMER_ROUNDING_US;
  /** Per caller: its requests by id, sent lately. */
  const byCaller = new Map<number, Map<number, Attempts>>();
  for (const type of RPC_TYPES) {
    sim.network.watchSends(type, (from, to, message) => {
      const reqId = (message as unknown as { readonly reqId: number }).reqId;
      const nowUs = sim.nowUs;
      let requests = byCaller.get(from);
      if (requests === undefined) byCaller.set(from, (requests = new Map()));
      const seen = requests.get(reqId);
      if (seen === undefined) {
        requests.set(reqId, { count: 1, lastUs: nowUs });
        return;
      }
      const gapUs = nowUs - seen.lastUs;
      seen.count++;
      seen.lastUs = nowUs;
      const caller = sim.process(from).name;
      if (seen.count > attemptsMax) {
        const detail = `${RPC_ATTEMPTS}: ${caller} sent ${type} ${reqId} to ${sim.process(to).name} as its attempt ${seen.count} (at most ${attemptsMax} attempts, rpcAttempts)`;
        sink.violate(invariant, { kind: RPC_ATTEMPTS, detail });
      } else if (gapUs < gapMinUs) {
        const detail = `${RPC_ATTEMPTS}: ${caller} sent ${type} ${reqId} again ${formatBudgetMs(gapUs)} after its attempt before (each attempt a whole RPC timeout, ${formatBudgetMs(knobs.rpcTimeoutUs)}, after the last)`;
        sink.violate(invariant, { kind: RPC_ATTEMPTS, detail });
      }
    });
  }
  /** A request not sent again for this long is done with (or its caller paused): forgotten, lest the oracle hold every request of the run. */
  const forgetAfterUs = 2 * knobs.rpcTimeoutUs;
  let sweptUs = 0;
  return (nowUs) => {
    if (nowUs - sweptUs < forgetAfterUs) return;
    sweptUs = nowUs;
    for (const requests of byCaller.values()) {
      for (const [reqId, { lastUs }] of requests) if (nowUs - lastUs > forgetAfterUs) requests.delete(reqId);
    }
  };
}
