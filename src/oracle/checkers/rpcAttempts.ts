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
// And a restarted server never sends a request under an id an earlier life of it used: a late
// answer to that old request would be taken for the new one's (a seq from another user's space,
// an append answered for another message). Each life starts its ids past the last life's, and ids
// only rise within a life, so per caller and type an id no higher than the highest of its earlier
// lives is a reuse. An Rpc that started every life at id 1 changed no run in 500, the harm waiting
// on a late reply to meet its reused id.
import { formatBudgetMs, TIMER_ROUNDING_US } from '../bounds.js';
import { NumberMap } from '../../sim/numberMap.js';
import type { CheckerContext } from '../checker.js';

export const RPC_ATTEMPTS = 'rpc-attempts';
export const RPC_ID_REUSE = 'rpc-id-reuse';

/** One caller's ids of one request type: the highest its current life sent, and the highest of its earlier lives. */
interface IdsOfLives {
  incarnation: number;
  highest: number;
  highestBefore: number;
}

/** The request types a server sends through its Rpc (rpc.ts). */
const RPC_TYPES = ['append-req', 'read-req', 'alloc-req', 'maxseq-write'] as const;

/**
 * A request's attempts so far and its latest send, packed in one number (latest send x PACK +
 * attempts): a record per request cost the run a few percent in allocation (every append, read and
 * seq request is one). Attempts stop counting at PACK - 1, past the largest rpcAttempts (100).
 */
const PACK = 128;

export function rpcAttempts(invariant: string, { sim, sink, knobs }: CheckerContext): (nowUs: number) => void {
  const attemptsMax = knobs.rpcAttempts;
  const gapMinUs = knobs.rpcTimeoutUs - TIMER_ROUNDING_US;
  /** Per caller (by process id): its requests sent lately, by id. */
  const byCaller: (NumberMap<number> | undefined)[] = [];
  /** By caller x RPC_TYPES.length + type (servers only, so a short array): the ids its lives used. */
  const lives: (IdsOfLives | undefined)[] = [];
  RPC_TYPES.forEach((type, typeIndex) => {
    sim.network.watchSends(type, (from, to, message) => {
      const reqId = (message as unknown as { readonly reqId: number }).reqId;
      const nowUs = sim.nowUs;
      const incarnation = sim.process(from).incarnation;
      const key = from * RPC_TYPES.length + typeIndex;
      const ids = (lives[key] ??= { incarnation, highest: 0, highestBefore: 0 });
      if (ids.incarnation !== incarnation) {
        ids.highestBefore = Math.max(ids.highestBefore, ids.highest);
        ids.highest = 0;
        ids.incarnation = incarnation;
      }
      ids.highest = Math.max(ids.highest, reqId);
      if (reqId <= ids.highestBefore) {
        const detail = `${RPC_ID_REUSE}: ${sim.process(from).name} sent ${type} ${reqId} in its life ${incarnation}, an id no higher than ${ids.highestBefore}, which an earlier life of it used (a late answer to that request would be taken for this one's)`;
        sink.violate(invariant, { kind: RPC_ID_REUSE, detail });
      }
      const requests = (byCaller[from] ??= new NumberMap<number>());
      const packed = requests.get(reqId);
      if (packed === undefined) {
        requests.set(reqId, nowUs * PACK + 1);
        return;
      }
      const count = Math.min(PACK - 1, (packed % PACK) + 1);
      const gapUs = nowUs - Math.floor(packed / PACK);
      requests.set(reqId, nowUs * PACK + count);
      const caller = sim.process(from).name;
      if (count > attemptsMax) {
        const detail = `${RPC_ATTEMPTS}: ${caller} sent ${type} ${reqId} to ${sim.process(to).name} as its attempt ${count} (at most ${attemptsMax} attempts, rpcAttempts)`;
        sink.violate(invariant, { kind: RPC_ATTEMPTS, detail });
      } else if (gapUs < gapMinUs) {
        const detail = `${RPC_ATTEMPTS}: ${caller} sent ${type} ${reqId} again ${formatBudgetMs(gapUs)} after its attempt before (each attempt a whole RPC timeout, ${formatBudgetMs(knobs.rpcTimeoutUs)}, after the last)`;
        sink.violate(invariant, { kind: RPC_ATTEMPTS, detail });
      }
    });
  });
  /** A request not sent again for this long is done with (or its caller paused): forgotten, lest the oracle hold every request of the run. */
  const forgetAfterUs = 2 * knobs.rpcTimeoutUs;
  let sweptUs = 0;
  return (nowUs) => {
    if (nowUs - sweptUs < forgetAfterUs) return;
    sweptUs = nowUs;
    const stale = (_reqId: number, packed: number) => nowUs - Math.floor(packed / PACK) > forgetAfterUs;
    for (const requests of byCaller) requests?.deleteWhere(stale);
  };
}
