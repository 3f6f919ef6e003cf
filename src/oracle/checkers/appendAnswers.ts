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
import { traceKindByName } from '../../sim/traceKinds.js';
import { EV_APPEND_DROPPED, EV_PROMOTED } from '../../system/events.js';
import type { AppendReq, AppendResp } from '../../system/wire.js';
import { pairKey } from '../arrivals.js';
import { formatBudgetMs } from '../bounds.js';
import type { CheckerContext } from '../checker.js';

export const ANSWERED_TOGETHER = 'answered-together';

/** One message's requests for one inbox at one MsgStore: each open one as caller, request id, arrival; and its latest answer. */
interface Waiting {
  readonly user: number;
  readonly msgId: number;
  open: number[];
  answeredUs: number;
}

export function appendAnswers(invariant: string, { sim, sink, paths }: CheckerContext): () => void {
  /** Per MsgStore: pairKey(inbox user, message id) -> its requests (a group message is one append per member). */
  const byStore = new Map<number, Map<number, Waiting>>();
  /** Per MsgStore: (caller, request id) -> pairKey(user, message id), for the answer (which names no message). */
  const messageOf = new Map<number, Map<string, number>>();
  /** [store, pairKey(user, message id)] answered since the last judgement, with requests left open. */
  let toJudge: number[] = [];
  const requestKey = (caller: number, reqId: number): string => `${caller}:${reqId}`;
  const report = (store: number, waiting: Waiting, caller: number, reqId: number, answeredUs: number | null): void => {
    const late = answeredUs === null ? 'never' : `only ${formatBudgetMs(answeredUs - waiting.answeredUs)} later`;
    const detail = `${ANSWERED_TOGETHER}: ${sim.process(store).name} answered an append of message ${waiting.msgId} to user ${waiting.user}, and ${late} request ${reqId} of ${sim.process(caller).name} for it, taken before (one commit answers every request for a message)`;
    sink.violate(invariant, { kind: ANSWERED_TOGETHER, detail, msgId: waiting.msgId, user: waiting.user });
  };
  sim.network.watch('append-req', (store, caller, delivered, message) => {
    const req = message as AppendReq | undefined;
    if (!delivered || req === undefined || paths.routes.primaryOf(req.user) !== store) return;
    const msgId = req.message.msgId;
    const item = pairKey(req.user, msgId);
    let waitingHere = byStore.get(store);
    if (waitingHere === undefined) byStore.set(store, (waitingHere = new Map()));
    let waiting = waitingHere.get(item);
    if (waiting === undefined) waitingHere.set(item, (waiting = { user: req.user, msgId, open: [], answeredUs: -1 }));
    let ids = messageOf.get(store);
    if (ids === undefined) messageOf.set(store, (ids = new Map()));
    const key = requestKey(caller, req.reqId);
    if (ids.has(key)) return; // a retry or a copy of a request already taken
    ids.set(key, item);
    waiting.open.push(caller, req.reqId, sim.nowUs);
  });
  sim.network.watchSends('append-resp', (store, caller, message) => {
    const resp = message as AppendResp;
    const ids = messageOf.get(store);
    const key = requestKey(caller, resp.reqId);
    const item = ids?.get(key);
    if (item === undefined) return;
    ids!.delete(key);
    const waitingHere = byStore.get(store)!;
    const waiting = waitingHere.get(item)!;
    const nowUs = sim.nowUs;
    const open = waiting.open;
    for (let i = 0; i < open.length; i += 3) {
      if (open[i] !== caller || open[i + 1] !== resp.reqId) continue;
      // Taken before an earlier answer to this message, and answered only now. (One taken in the
      // answer's own microsecond may have come after it: a rejected append has no key to answer it by.)
      if (open[i + 2]! < waiting.answeredUs && waiting.answeredUs < nowUs) report(store, waiting, caller, resp.reqId, nowUs);
      open.splice(i, 3);
      break;
    }
    waiting.answeredUs = nowUs;
    if (open.length === 0) waitingHere.delete(item);
    else toJudge.push(store, item);
  });
  const forget = (store: number, item: number): void => {
    const waiting = byStore.get(store)?.get(item);
    if (waiting === undefined) return;
    const ids = messageOf.get(store)!;
    for (let i = 0; i < waiting.open.length; i += 3) ids.delete(requestKey(waiting.open[i]!, waiting.open[i + 1]!));
    byStore.get(store)!.delete(item);
  };
  const forgetStore = (store: number): void => {
    byStore.delete(store);
    messageOf.delete(store);
  };
  sim.trace.on(EV_APPEND_DROPPED, (_t, store, user, msgId) => forget(store, pairKey(user, msgId)));
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
      const waiting = byStore.get(store)?.get(item);
      if (waiting === undefined) continue;
      const open = waiting.open;
      const stillOpen: number[] = [];
      for (let j = 0; j < open.length; j += 3) {
        if (open[j + 2]! < waiting.answeredUs) {
          report(store, waiting, open[j]!, open[j + 1]!, null);
          messageOf.get(store)!.delete(requestKey(open[j]!, open[j + 1]!));
        } else stillOpen.push(open[j]!, open[j + 1]!, open[j + 2]!);
      }
      waiting.open = stillOpen;
      if (stillOpen.length === 0) byStore.get(store)!.delete(item);
    }
    toJudge = [];
  };
}
