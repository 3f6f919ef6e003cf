// timeliness, answered-together: a MsgStore primary that answers an append answers, at that
// instant, every request for the same message it has taken and not answered (a retry through
// another SendSvr, a request of the same send under a new id). They all wait on one commit. A
// MsgStore that matched a waiting request by its sender alone dropped the second request of one
// SendSvr: its caller heard only after an RPC timeout and a retry, within every deadline, and every
// rule held.
// Taken means delivered while the trace names the process its shard's primary (a replica ignores
// appends). A crash forgets what the process took, and so does an append it dropped because its
// allocator stayed unreachable (`append-dropped`: its callers retry). Judged once the answering
// handler is done, so the other answers it sends later in it count.
// Its state is numbers in NumberMaps, nothing allocated per request: a record per request lived
// through the young generation at scale and died old (50,000 users: 60-100 MB more at the peak).
import { NumberMap } from '../../sim/numberMap.js';
import { traceKindByName } from '../../sim/traceKinds.js';
import { EV_APPEND_DROPPED, EV_PROMOTED } from '../../system/events.js';
import type { AppendReq, AppendResp } from '../../system/wire.js';
import { pairKey } from '../arrivals.js';
import { formatBudgetMs } from '../bounds.js';
import type { CheckerContext } from '../checker.js';

export const ANSWERED_TOGETHER = 'answered-together';

/** One caller's requests open at one MsgStore, by request id: the inbox, the message, the arrival. */
class OpenRequests {
  readonly user = new NumberMap<number>();
  readonly msgId = new NumberMap<number>();
  readonly arrivedUs = new NumberMap<number>();

  delete(reqId: number): void {
    this.user.delete(reqId);
    this.msgId.delete(reqId);
    this.arrivedUs.delete(reqId);
  }
}

/** What one MsgStore took: its open requests per caller, and per pairKey(inbox, message) the latest answer and the requests open. */
class Taken {
  readonly byCaller = new Map<number, OpenRequests>();
  readonly answeredUs = new NumberMap<number>();
  readonly open = new NumberMap<number>();

  /** Forgets the open requests of `item` that `doomed` picks (given caller, request id, arrival). */
  close(item: number, doomed: (caller: number, reqId: number, arrivedUs: number) => boolean): void {
    for (const [caller, requests] of this.byCaller) {
      const closed: number[] = [];
      requests.user.deleteWhere((reqId, user) => {
        const pick = pairKey(user, requests.msgId.get(reqId)!) === item && doomed(caller, reqId, requests.arrivedUs.get(reqId)!);
        if (pick) closed.push(reqId);
        return pick;
      });
      for (const reqId of closed) requests.delete(reqId);
      this.settle(item, closed.length);
    }
  }

  /** `count` requests of `item` are no longer open. */
  settle(item: number, count: number): void {
    if (count === 0) return;
    const open = this.open.get(item)! - count;
    if (open > 0) this.open.set(item, open);
    else {
      this.open.delete(item);
      this.answeredUs.delete(item);
    }
  }
}

export function appendAnswers(invariant: string, { sim, sink, paths }: CheckerContext): () => void {
  const byStore = new Map<number, Taken>();
  /** [store, pairKey(user, message id)] answered since the last judgement, with requests left open. */
  let toJudge: number[] = [];
  const report = (store: number, item: number, caller: number, reqId: number, answeredUs: number | null): void => {
    const user = Math.floor(item / 2 ** 32);
    const msgId = item % 2 ** 32;
    const earlierUs = byStore.get(store)!.answeredUs.get(item)!;
    const late = answeredUs === null ? 'never' : `only ${formatBudgetMs(answeredUs - earlierUs)} later`;
    const detail = `${ANSWERED_TOGETHER}: ${sim.process(store).name} answered an append of message ${msgId} to user ${user}, and ${late} request ${reqId} of ${sim.process(caller).name} for it, taken before (one commit answers every request for a message)`;
    sink.violate(invariant, { kind: ANSWERED_TOGETHER, detail, msgId, user });
  };
  sim.network.watch('append-req', (store, caller, delivered, message) => {
    const req = message as AppendReq | undefined;
    if (!delivered || req === undefined || paths.routes.primaryOf(req.user) !== store) return;
    let taken = byStore.get(store);
    if (taken === undefined) byStore.set(store, (taken = new Taken()));
    let requests = taken.byCaller.get(caller);
    if (requests === undefined) taken.byCaller.set(caller, (requests = new OpenRequests()));
    if (requests.user.has(req.reqId)) return; // a retry or a copy of a request already taken
    const msgId = req.message.msgId;
    requests.user.set(req.reqId, req.user);
    requests.msgId.set(req.reqId, msgId);
    requests.arrivedUs.set(req.reqId, sim.nowUs);
    const item = pairKey(req.user, msgId);
    taken.open.set(item, (taken.open.get(item) ?? 0) + 1);
    if (!taken.answeredUs.has(item)) taken.answeredUs.set(item, -1);
  });
  sim.network.watchSends('append-resp', (store, caller, message) => {
    const { reqId } = message as AppendResp;
    const taken = byStore.get(store);
    const requests = taken?.byCaller.get(caller);
    const user = requests?.user.get(reqId);
    if (user === undefined) return;
    const item = pairKey(user, requests!.msgId.get(reqId)!);
    const arrivedUs = requests!.arrivedUs.get(reqId)!;
    requests!.delete(reqId);
    const nowUs = sim.nowUs;
    const earlierUs = taken!.answeredUs.get(item)!;
    // Taken before an earlier answer to this message, and answered only now. (One taken in the
    // answer's own microsecond may have come after it: a rejected append has no key to answer it by.)
    if (arrivedUs < earlierUs && earlierUs < nowUs) report(store, item, caller, reqId, nowUs);
    taken!.answeredUs.set(item, nowUs);
    taken!.settle(item, 1);
    if (taken!.open.has(item)) toJudge.push(store, item);
  });
  const forgetStore = (store: number): void => {
    byStore.delete(store);
  };
  sim.trace.on(EV_APPEND_DROPPED, (_t, store, user, msgId) => byStore.get(store)?.close(pairKey(user, msgId), () => true));
  sim.trace.on(traceKindByName('crash')!, (_t, process) => forgetStore(process));
  // A new primary, and the one it replaced, start over: neither holds the other's appends.
  sim.trace.on(EV_PROMOTED, (_t, store, _shard, _epoch, previous) => {
    forgetStore(store);
    forgetStore(previous);
  });
  // Called between runs of the kernel: every handler at or before now is done.
  return () => {
    if (toJudge.length === 0) return;
    for (let i = 0; i < toJudge.length; i += 2) {
      const store = toJudge[i]!;
      const item = toJudge[i + 1]!;
      const taken = byStore.get(store);
      const answeredUs = taken?.answeredUs.get(item);
      if (answeredUs === undefined) continue;
      taken!.close(item, (caller, reqId, arrivedUs) => {
        if (arrivedUs >= answeredUs) return false;
        report(store, item, caller, reqId, null);
        return true;
      });
    }
    toJudge = [];
  };
}
