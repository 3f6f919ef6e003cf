// Server-to-server requests over datagrams: each gets an id, a timeout and a bounded number of
// attempts. State lives in the calling process's volatile memory and dies with it.
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

/** Where a request goes: a process, or a lookup made again on every attempt (a primary that moves). */
export type Destination = number | (() => number);

interface Pending<R> {
  readonly to: Destination;
  readonly request: Wire;
  readonly onReply: (reply: R) => void;
  readonly onGiveUp: () => void;
  attempt: number;
  timer: TimerHandle;
}

/** The default when giving up needs nothing done: one function, not a new closure per call. */
const NOTHING = (): void => {};

export class Rpc<R extends { readonly reqId: number }> {
  private readonly pending = new NumberMap<Pending<R>>();
  private nextReqId: number;

  constructor(
    private readonly owner: Process<Wire>,
    /** The owner's timer tag for this Rpc's timeouts; the owner routes it to `timedOut`. */
    private readonly timerTag: number,
    private readonly timeoutUs: number,
    private readonly attempts: number,
  ) {
    this.nextReqId = firstReqId(owner);
  }

  /** Sends the request built for a fresh id; calls onReply once, or onGiveUp after the last timeout. */
  call(to: Destination, build: (reqId: number) => Wire, onReply: (reply: R) => void, onGiveUp: () => void = NOTHING): void {
    const reqId = this.nextReqId++;
    const request = build(reqId);
    const timer = this.owner.setTimer(this.timeoutUs, this.timerTag, reqId);
    this.pending.set(reqId, { to, request, onReply, onGiveUp, attempt: 1, timer });
    this.owner.send(resolve(to), request);
  }

  /** Routes a reply; duplicates and late replies are ignored. */
  replied(reply: R): void {
    const pending = this.pending.get(reply.reqId);
    if (pending === undefined) return;
    this.pending.delete(reply.reqId);
    this.owner.cancelTimer(pending.timer);
    pending.onReply(reply);
  }

  timedOut(reqId: number): void {
    const pending = this.pending.get(reqId);
    if (pending === undefined) return;
    if (pending.attempt >= this.attempts) {
      this.pending.delete(reqId);
      pending.onGiveUp();
      return;
    }
    pending.attempt++;
    pending.timer = this.owner.setTimer(this.timeoutUs, this.timerTag, reqId);
    this.owner.send(resolve(pending.to), pending.request);
  }
}

function resolve(to: Destination): number {
  return typeof to === 'number' ? to : to();
}
