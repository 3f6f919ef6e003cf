// ReceiveSvr: serves a device's pull. The device says where it is (Seq_cli); the server reads the
// page above it from the user's MsgStore and passes back the entries and the bound. It keeps no
// per-device state: the device's own cursor is the only delivery state.
import { Process } from '../sim/process.js';
import type { SystemKnobs } from './config.js';
import { Rpc } from './rpc.js';
import { route, type Topology } from './topology.js';
import type { PullRpc, ReadResp, Wire } from './wire.js';

const TIMER_READ = 1;

export class ReceiveSvr extends Process<Wire, null> {
  private reads!: Rpc<ReadResp>;
  /** Only under the planted bug 'server-cursor-per-user': delivery state per user. */
  private userCursor = new Map<number, number>();

  constructor(
    name: string,
    private readonly knobs: SystemKnobs,
    private readonly topology: Topology,
  ) {
    super(name, 'server', null);
  }

  start(): void {
    this.reads = new Rpc(this, TIMER_READ, this.knobs.rpcTimeoutUs, this.knobs.rpcAttempts);
    this.userCursor = new Map();
  }

  override onMessage(from: number, message: Wire): void {
    switch (message.type) {
      case 'pull-rpc':
        return this.pull(from, message);
      case 'read-resp':
        return this.reads.replied(message);
      default:
        return super.onMessage(from, message);
    }
  }

  override onTimer(tag: number, data: unknown): void {
    if (tag === TIMER_READ) this.reads.timedOut(data as number);
    else super.onTimer(tag, data);
  }

  private pull(connectSvr: number, rpc: PullRpc): void {
    this.crashPoint('receive.received');
    const { req, device } = rpc;
    const perUser = this.knobs.mutants.has('server-cursor-per-user');
    const afterSeq = perUser ? Math.max(req.seqCli, this.userCursor.get(req.user) ?? 0) : req.seqCli;
    this.reads.call(
      route(this.topology.msgStores, req.user),
      (reqId) => ({ type: 'read-req', reqId, user: req.user, afterSeq, limit: this.knobs.pageSize, device }),
      (read) => {
        this.crashPoint('receive.read');
        if (perUser) this.userCursor.set(req.user, read.bound);
        this.send(connectSvr, {
          type: 'pull-rpc-resp',
          device,
          resp: { type: 'pull-resp', reqId: req.reqId, entries: read.entries, bound: read.bound, more: read.more, seqSvr: read.seqSvr },
        });
      },
    );
  }
}
