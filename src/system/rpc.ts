// Server-to-server requests over datagrams: each gets an id, a timeout and a bounded number of
// attempts. State lives in the calling process's volatile memory and dies with it.
//
// No closure per request: the caller (an RpcCaller, usually the server itself) is asked where each
// attempt goes and is handed the answer with the context it passed. A call used to make four
// closures (the request builder, the destination lookup, the answer and the give-up handlers).
import { NumberMap } from '../sim/numberMap.js';
import type { Process } from '../sim/process.js';
import type { TimerHandle } from '../sim/simulation.js';
import type { Wire } from './wire.js';

/**
 * Request ids one incarnation may use. Each incarnation starts its ids past the last one's, so a
 * late reply to a request made before a crash can never be taken for the answer to a new one.
 */
const REQ_IDS_PER_INCARNATION = 2 ** 32;

/** The first request id an incarnation of `process` may use. */
export function firstReqId(process: Process<Wire>): number {
  return process.incarnation * REQ_IDS_PER_INCARNATION + 1;
}

/** A request: any message with an id its reply echoes. */
export type RpcRequest = Wire & { readonly reqId: number };

/** The side that makes requests: where each goes, and what to do with its answer or with silence. */
export interface RpcCaller<Q extends RpcRequest, R, C> {
  /** Where `request` goes on this attempt (looked up again on every attempt: a primary moves). */
  rpcDestination(request: Q): number;
  /** The one answer to `request`, with the context and number its call was given. */
  rpcReplied(reply: R, request: Q, context: C, num: number): void;
  /** Every attempt timed out. */
  rpcGaveUp(request: Q, context: C, num: number): void;
}

interface Pending<Q, C> {
  readonly request: Q;
  readonly context: C;
  readonly num: number;
  attempt: number;
  timer: TimerHandle;
}

export class Rpc<Q extends RpcRequest, R extends { readonly reqId: number }, C> {
  private readonly pending = new NumberMap<Pending<Q, C>>();
  private nextReqId: number;

  constructor(
    private readonly owner: Process<Wire>,
    private readonly caller: RpcCaller<Q, R, C>,
    /** The owner's timer tag for this Rpc's timeouts; the owner routes it to `timedOut`. */
    private readonly timerTag: number,
    private readonly timeoutUs: number,
    private readonly attempts: number,
  ) {
    this.nextReqId = firstReqId(owner);
  }

  /** A fresh request id, for the request about to be passed to `call`. */
  newReqId(): number {
    return this.nextReqId++;
  }

  /**
   * Sends `request` (its id from newReqId); the caller's rpcReplied gets the one answer, or
   * rpcGaveUp hears after the last timeout, each with `context` and `num`.
   */
  call(request: Q, context: C, num = 0): void {
    const timer = this.owner.armTimeout(this.timeoutUs, this.timerTag, request.reqId);
    this.pending.set(request.reqId, { request, context, num, attempt: 1, timer });
    this.owner.send(this.caller.rpcDestination(request), request);
  }

  /** Routes a reply; duplicates and late replies are ignored. */
  replied(reply: R): void {
    const pending = this.pending.get(reply.reqId);
    if (pending === undefined) return;
    this.pending.delete(reply.reqId);
    this.owner.cancelTimer(pending.timer);
    this.caller.rpcReplied(reply, pending.request, pending.context, pending.num);
  }

  timedOut(reqId: number): void {
    const pending = this.pending.get(reqId);
    if (pending === undefined) return;
    if (pending.attempt >= this.attempts) {
      this.pending.delete(reqId);
      this.caller.rpcGaveUp(pending.request, pending.context, pending.num);
      return;
    }
    pending.attempt++;
    pending.timer = this.owner.armTimeout(this.timeoutUs, this.timerTag, reqId);
    this.owner.send(this.caller.rpcDestination(pending.request), pending.request);
  }
}
