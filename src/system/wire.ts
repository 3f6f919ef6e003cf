// Every message that crosses the simulated network, in one discriminated union.
// Device <-> ConnectSvr travel on the device's long connection; the rest are datagrams inside
// the data centre (or from a platform push service to a device).
import type { Platform } from './config.js';

/** What a user typed: the payload the whole system carries and the oracle follows. */
export interface ChatMessage {
  /** Unique per run, assigned when the user composes it; the oracle's handle on the message. */
  readonly msgId: number;
  readonly fromUser: number;
  readonly fromDevice: number;
  /**
   * The idempotency key: drawn at random by the device (52 bits, a UUID in practice), so a device
   * restored from an older backup cannot reuse the id of a message it sent after that backup.
   */
  readonly clientMsgId: number;
  /** Recipient of a 1:1 message, or -1 for a group message. */
  readonly toUser: number;
  /** Group of a group message, or -1. */
  readonly group: number;
  /** Content the anti-spam filter flags. */
  readonly spam: boolean;
  /** The text's size in bytes (the workload draws it). */
  readonly textBytes: number;
}

/** The idempotency key of a message: one commit per client message id. */
export function messageKey(message: ChatMessage): number {
  return message.clientMsgId;
}

export interface InboxEntry {
  readonly seq: number;
  readonly message: ChatMessage;
}

/** Why a send was refused. All are final but 'rate-limited', which means "send it again later". */
export type RejectReason = 'spam' | 'rate-limited' | 'blacklisted' | 'seq-exhausted' | 'unknown-recipient';

// ---- device <-> ConnectSvr (long connection) ----
export interface Hello { readonly type: 'hello'; readonly user: number; readonly device: number; readonly platform: Platform }
export interface HelloOk { readonly type: 'hello-ok' }
/** The ConnectSvr's login queue is full: come back later (back-pressure, not a logout). */
export interface HelloBusy { readonly type: 'hello-busy' }
export interface Heartbeat { readonly type: 'heartbeat' }
export interface HeartbeatAck { readonly type: 'heartbeat-ack' }
export interface SendReq { readonly type: 'send-req'; readonly message: ChatMessage }
export interface SendResp {
  readonly type: 'send-resp';
  readonly clientMsgId: number;
  readonly msgId: number;
  /** The message's seq in the sender's own inbox when accepted; -1 when rejected or that inbox is full. */
  readonly ownSeq: number;
  readonly reject: RejectReason | null;
}
/** maxBytes: the most page the device's link carries within half its pull timeout (0: no limit). */
export interface PullReq { readonly type: 'pull-req'; readonly reqId: number; readonly user: number; readonly seqCli: number; readonly maxBytes: number }
export interface PullResp {
  readonly type: 'pull-resp';
  readonly reqId: number;
  /** The request's Seq_cli, echoed: any try from the same cursor is answered by it. */
  readonly seqCli: number;
  readonly entries: readonly InboxEntry[];
  /** The cursor the device may advance to once it has stored `entries`. */
  readonly bound: number;
  readonly more: boolean;
  /** The highest committed seq of the inbox (Seq_svr); beyond this page while `more`. */
  readonly seqSvr: number;
}
/** "You have new messages": a hint, the pull carries the data. `entry` only under a planted bug. */
export interface Notify { readonly type: 'notify'; readonly msgId: number; readonly entry: InboxEntry | null }

// ---- ConnectSvr <-> logic layer ----
export interface SendRpc { readonly type: 'send-rpc'; readonly device: number; readonly message: ChatMessage }
export interface SendRpcResp { readonly type: 'send-rpc-resp'; readonly device: number; readonly resp: SendResp }
export interface PullRpc { readonly type: 'pull-rpc'; readonly device: number; readonly req: PullReq }
export interface PullRpcResp { readonly type: 'pull-rpc-resp'; readonly device: number; readonly resp: PullResp }

// ---- SendSvr / ReceiveSvr <-> MsgStore <-> allocator ----
export interface AppendReq { readonly type: 'append-req'; readonly reqId: number; readonly user: number; readonly message: ChatMessage }
export interface AppendResp { readonly type: 'append-resp'; readonly reqId: number; readonly user: number; readonly seq: number; readonly reject: RejectReason | null }
/** limit: entries at most; maxBytes: their wire size at most (0: no limit), though always one entry. */
export interface ReadReq { readonly type: 'read-req'; readonly reqId: number; readonly user: number; readonly afterSeq: number; readonly limit: number; readonly maxBytes: number; readonly device: number }
export interface ReadResp {
  readonly type: 'read-resp';
  readonly reqId: number;
  readonly entries: readonly InboxEntry[];
  readonly bound: number;
  readonly more: boolean;
  readonly seqSvr: number;
}
export interface AllocReq { readonly type: 'alloc-req'; readonly reqId: number; readonly user: number; readonly msgId: number }
/** seq is -1 when the user's 32-bit space is used up. */
export interface AllocResp { readonly type: 'alloc-resp'; readonly reqId: number; readonly user: number; readonly seq: number }

// ---- MsgStore primary <-> its replicas ----
/**
 * Log entries from the primary, placed after LSN prevLsn, which must hold an entry of prevEpoch (the
 * log-matching check); commitLsn is the primary's commit point, learned late by the replicas. The
 * entries travel as ids of the world's immutable entries (logEntries.ts), with the bytes of their
 * texts for the wire's size.
 */
export interface Replicate {
  readonly type: 'replicate';
  readonly reqId: number;
  readonly epoch: number;
  readonly prevLsn: number;
  readonly prevEpoch: number;
  readonly entries: readonly number[];
  readonly textBytes: number;
  readonly commitLsn: number;
}
/** ok: the replica holds the primary's log up to lsn, durably; not ok: it matches no further than lsn (a hint). */
export interface ReplicateAck { readonly type: 'replicate-ack'; readonly reqId: number; readonly epoch: number; readonly ok: boolean; readonly lsn: number }

// ---- allocator <-> its group's max_seq store (lease and fencing) ----
/** Asks for (or renews) the section group's lease; epoch: the ownership epoch held, 0 for none. */
export interface LeaseReq { readonly type: 'lease-req'; readonly reqId: number; readonly epoch: number }
/** A grant to a new owner carries every section's max_seq; a renewal carries none. */
export interface LeaseResp { readonly type: 'lease-resp'; readonly reqId: number; readonly granted: boolean; readonly epoch: number; readonly sectionMax: ReadonlyMap<number, number> | null }
export interface MaxSeqWrite { readonly type: 'maxseq-write'; readonly reqId: number; readonly epoch: number; readonly section: number; readonly maxSeq: number }
/** ok false: the write came from a stale epoch and was refused. */
export interface MaxSeqResp { readonly type: 'maxseq-resp'; readonly reqId: number; readonly ok: boolean }

// ---- push ----
export interface PushReq { readonly type: 'push-req'; readonly message: ChatMessage; readonly targets: readonly PushTarget[] }
export interface PushTarget { readonly user: number; readonly seq: number }
export interface NotifyDevice { readonly type: 'notify-device'; readonly device: number; readonly msgId: number; readonly entry: InboxEntry | null }
/** A device's login on a ConnectSvr. connId rises with every login, so the newer of two wins. */
export interface DevicePresence {
  readonly device: number;
  readonly user: number;
  readonly platform: Platform;
  readonly connectSvr: number;
  readonly connId: number;
}
/**
 * stamp: when the ConnectSvr said it, rising with every presence message it sends (across its
 * restarts too): datagrams may overtake each other, and PushSvr must know which came later.
 */
export interface PresenceUp extends DevicePresence {
  readonly type: 'presence-up';
  readonly stamp: number;
}
export interface PresenceDown { readonly type: 'presence-down'; readonly device: number; readonly connId: number }
/**
 * A ConnectSvr (re)started: forget every device it held before. `stamp` is its first in this life,
 * below every presence it sends after: a reset that arrives after them (datagrams overtake each
 * other) must not take away a device that has logged in again since.
 */
export interface PresenceReset { readonly type: 'presence-reset'; readonly connectSvr: number; readonly stamp: number }
/** A PushSvr (re)started: ConnectSvrs resend who is online. */
export interface PresenceSyncReq { readonly type: 'presence-sync-req' }
/**
 * Every device a ConnectSvr holds (of the PushSvr's users), sent on each idle sweep: presence is
 * soft state, so an update lost on the way (a partition, a crash) is repaired within a sweep.
 */
export interface PresenceRefresh { readonly type: 'presence-refresh'; readonly connectSvr: number; readonly stamp: number; readonly devices: readonly DevicePresence[] }
export interface PlatformNotify { readonly type: 'platform-notify'; readonly device: number; readonly msgId: number }
/** From a platform push service (APNs, WPPush, BBPush) to the device's OS. */
export interface PlatformWake { readonly type: 'platform-wake'; readonly msgId: number }

export type Wire =
  | Hello | HelloOk | HelloBusy | Heartbeat | HeartbeatAck | SendReq | SendResp | PullReq | PullResp | Notify
  | SendRpc | SendRpcResp | PullRpc | PullRpcResp
  | AppendReq | AppendResp | ReadReq | ReadResp | AllocReq | AllocResp
  | Replicate | ReplicateAck | LeaseReq | LeaseResp | MaxSeqWrite | MaxSeqResp
  | PushReq | NotifyDevice | PresenceUp | PresenceDown | PresenceReset | PresenceSyncReq | PresenceRefresh
  | PlatformNotify | PlatformWake;
