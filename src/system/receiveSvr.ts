// ReceiveSvr: serves a device's pull. The device says where it is (Seq_cli); the server reads the
// page above it from the user's MsgStore and passes back the entries and the bound. It keeps no
// per-device state: the device's own cursor is the only delivery state.
import type { SystemKnobs } from './config.js';
import { RpcServer } from './rpcServer.js';
import { primaryOf, type Topology } from './topology.js';
import type { PullReq, PullRpc, ReadReq, ReadResp, Wire } from './wire.js';

/** Its Rpc reads pages from MsgStore; each read carries the device's pull and, as its number, the ConnectSvr to answer. */
export class ReceiveSvr extends RpcServer<null, ReadReq, ReadResp, PullReq> {
  /** Only under the planted bug 'server-cursor-per-user': delivery state per user. */
  private userCursor = new Map<number, number>();

  constructor(
    name: string,
    knobs: SystemKnobs,
    private readonly topology: Topology,
  ) {
    super(name, null, knobs);
  }

  start(): void {
    this.resetRpc();
    this.userCursor = new Map();
  }

  override onMessage(from: number, message: Wire): void {
    switch (message.type) {
      case 'pull-rpc':
        return this.pull(from, message);
      case 'read-resp':
        return this.rpc.replied(message);
      default:
        return super.onMessage(from, message);
    }
  }

  private pull(connectSvr: number, rpc: PullRpc): void {
    this.crashPoint('receive.received');
    const { req, device } = rpc;
    const afterSeq = this.perUser ? Math.max(req.seqCli, this.userCursor.get(req.user) ?? 0) : req.seqCli;
    this.rpc.call({ type: 'read-req', reqId: this.rpc.newReqId(), user: req.user, afterSeq, limit: this.knobs.pageSize, maxBytes: req.maxBytes, device }, req, connectSvr);
  }

  rpcDestination(readReq: ReadReq): number {
    return primaryOf(this.topology, readReq.user);
  }

  rpcReplied(read: ReadResp, readReq: ReadReq, pull: PullReq, connectSvr: number): void {
    this.crashPoint('receive.read');
    if (this.perUser) this.userCursor.set(pull.user, read.bound);
    this.send(connectSvr, {
      type: 'pull-rpc-resp',
      device: readReq.device,
      resp: { type: 'pull-resp', reqId: pull.reqId, seqCli: pull.seqCli, entries: read.entries, bound: read.bound, more: read.more, seqSvr: read.seqSvr },
    });
  }

  /** MsgStore stayed unreachable: the device's own pull times out and asks again. */
  rpcGaveUp(): void {}

  private get perUser(): boolean {
    return this.knobs.mutants.has('server-cursor-per-user');
  }
}
