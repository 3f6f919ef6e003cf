// A server that makes requests of another kind of server (MsgStore of the allocator, SendSvr of
// MsgStore, ReceiveSvr of MsgStore): it owns one Rpc and routes that Rpc's timeouts to it.
import { Process } from '../sim/process.js';
import type { SystemKnobs } from './config.js';
import { Rpc } from './rpc.js';
import type { Wire } from './wire.js';

const TIMER_RPC = 1;

export abstract class RpcServer<D, R extends { readonly reqId: number }> extends Process<Wire, D> {
  /** Requests under way; volatile, so a restart forgets them. */
  protected rpc!: Rpc<R>;

  constructor(
    name: string,
    durable: D,
    protected readonly knobs: SystemKnobs,
  ) {
    super(name, 'server', durable);
  }

  /** Call from start(): a fresh incarnation starts with no request under way. */
  protected resetRpc(): void {
    this.rpc = new Rpc(this, TIMER_RPC, this.knobs.rpcTimeoutUs, this.knobs.rpcAttempts);
  }

  override onTimer(tag: number, data: unknown): void {
    if (tag === TIMER_RPC) this.rpc.timedOut(data as number);
    else super.onTimer(tag, data);
  }
}
