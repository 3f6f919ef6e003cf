// A server that makes requests of another kind of server (MsgStore of the allocator, SendSvr of
// MsgStore, ReceiveSvr of MsgStore, the allocator of its SeqStore): it owns one Rpc, answers for
// it (RpcCaller) and routes that Rpc's timeouts to it.
import { Process } from '../sim/process.js';
import type { SystemKnobs } from './config.js';
import { Rpc, type RpcCaller, type RpcRequest } from './rpc.js';
import type { Wire } from './wire.js';

const TIMER_RPC = 1;

export abstract class RpcServer<D, Q extends RpcRequest, R extends { readonly reqId: number }, C> extends Process<Wire, D> implements RpcCaller<Q, R, C> {
  /** Requests under way; volatile, so a restart forgets them. */
  protected rpc!: Rpc<Q, R, C>;

  constructor(
    name: string,
    durable: D,
    protected readonly knobs: SystemKnobs,
  ) {
    super(name, 'server', durable);
  }

  abstract rpcDestination(request: Q): number;
  abstract rpcReplied(reply: R, request: Q, context: C, num: number): void;
  abstract rpcGaveUp(request: Q, context: C, num: number): void;

  /** Call from start(): a fresh incarnation starts with no request under way. */
  protected resetRpc(): void {
    this.rpc = new Rpc(this, this, TIMER_RPC, this.knobs.rpcTimeoutUs, this.knobs.rpcAttempts);
  }

  override onTimer(tag: number, data: unknown): void {
    if (tag === TIMER_RPC) this.rpc.timedOut(data as number);
    else super.onTimer(tag, data);
  }
}
