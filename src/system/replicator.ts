// A MsgStore primary's replication to the other replicas of its group. Per replica, one batch is in
// flight at a time (stop and wait: datagrams the data centre reorders can never reorder a log), each
// batch everything durable on the primary from where that replica's log last matched, up to
// MAX_BATCH entries; an unanswered batch is sent again after the request timeout. A replica whose
// log does not match answers with a hint, and the next batch starts there.
import type { Process } from '../sim/process.js';
import type { TimerHandle } from '../sim/simulation.js';
import type { LogEntries } from './logEntries.js';
import type { MemoryLog } from './memoryLog.js';
import { epochAt } from './replicatedLog.js';
import { firstReqId } from './rpc.js';
import { textBytesOf } from './wireSizes.js';
import type { ReplicateAck, Wire } from './wire.js';

/** Entries per batch: enough for every inbox of a shard to have one append in flight. */
export const MAX_BATCH = 256;

/**
 * What the primary replicates from: its log, how far it is durable on its own disk, and its commit
 * point, read live. Functions, not getters: V8 makes an object literal with accessors a dictionary-
 * mode object, and as this source one kept each finished run alive through the scavenges after it
 * until a full GC (over 400 baseline seeds, scavenges took 318 ms, now 73; see
 * test/system/finishedRunGarbage.test.ts).
 */
export interface ReplicationSource {
  readonly entries: LogEntries;
  readonly log: MemoryLog;
  readonly durableLsn: () => number;
  readonly commitLsn: () => number;
  readonly epoch: number;
}

interface Peer {
  readonly id: number;
  /** The replica holds the primary's log up to here, durably. */
  match: number;
  /** Where its next batch starts. */
  next: number;
  /** The batch in flight (0: none) and its timeout. */
  reqId: number;
  timer: TimerHandle | undefined;
}

export class Replicator {
  private readonly peers: Peer[];
  private nextReqId: number;

  constructor(
    private readonly owner: Process<Wire>,
    private readonly source: ReplicationSource,
    peerIds: readonly number[],
    /** The first LSN every replica is sent (the primary's commit point as it knew it, plus one). */
    fromLsn: number,
    private readonly timerTag: number,
    private readonly timeoutUs: number,
  ) {
    this.peers = peerIds.map((id) => ({ id, match: 0, next: fromLsn, reqId: 0, timer: undefined }));
    this.nextReqId = firstReqId(owner);
  }

  /** The highest LSN durable on `majority` members of the group, the primary included. */
  quorumLsn(majority: number): number {
    // Groups are small: try each member's LSN, no sorting and no array.
    let best = this.heldBy(this.source.durableLsn()) >= majority ? this.source.durableLsn() : 0;
    for (const peer of this.peers) if (peer.match > best && this.heldBy(peer.match) >= majority) best = peer.match;
    return best;
  }

  /** How many members hold the log durably up to `lsn`. */
  private heldBy(lsn: number): number {
    let count = this.source.durableLsn() >= lsn ? 1 : 0;
    for (const peer of this.peers) if (peer.match >= lsn) count++;
    return count;
  }

  /** Sends each idle replica what it lacks of the durable log. */
  pumpAll(): void {
    for (let i = 0; i < this.peers.length; i++) this.pump(i);
  }

  /** A replica answered. Returns whether the primary learnt of more durable entries. */
  acked(from: number, ack: ReplicateAck): boolean {
    const index = this.peers.findIndex((peer) => peer.id === from);
    const peer = this.peers[index];
    if (peer === undefined || ack.reqId !== peer.reqId || ack.epoch !== this.source.epoch) return false;
    peer.reqId = 0;
    this.owner.cancelTimer(peer.timer);
    const advanced = ack.ok && ack.lsn > peer.match;
    if (ack.ok) peer.match = Math.max(peer.match, ack.lsn);
    peer.next = ack.lsn + 1;
    this.pump(index);
    return advanced;
  }

  /** A batch went unanswered: send again from where the replica last matched. */
  timedOut(index: number): void {
    const peer = this.peers[index];
    if (peer === undefined) return;
    peer.reqId = 0;
    this.pump(index);
  }

  private pump(index: number): void {
    const peer = this.peers[index]!;
    const source = this.source;
    if (peer.reqId !== 0 || peer.next > source.durableLsn()) return;
    const prevLsn = peer.next - 1;
    const reqId = this.nextReqId++;
    peer.reqId = reqId;
    peer.timer = this.owner.armTimeout(this.timeoutUs, this.timerTag, index);
    const entries = source.log.slice(prevLsn, Math.min(source.durableLsn(), prevLsn + MAX_BATCH));
    this.owner.send(peer.id, {
      type: 'replicate',
      reqId,
      epoch: source.epoch,
      prevLsn,
      prevEpoch: epochAt(source.entries, source.log, prevLsn),
      entries,
      textBytes: textBytesOf(source.entries, entries),
      commitLsn: source.commitLsn(),
    });
  }
}
