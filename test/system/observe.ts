// Watches a test world's trace and keeps what the end-to-end tests assert on: which device stored
// which message (and how often), sends, acks, rejections, commits, pulls and reads.
import { expect } from 'vitest';
import type { Device } from '../../src/system/device.js';
import {
  EV_ALLOC,
  EV_APPEND_DEDUP,
  EV_COMMIT,
  EV_COMPOSE,
  EV_CURSOR,
  EV_PLATFORM_LOST,
  EV_PLATFORM_SENT,
  EV_PULL,
  EV_READ,
  EV_SEND_ACKED,
  EV_SEND_ATTEMPT,
  EV_SEND_REJECTED,
  EV_SENDSVR_ACK,
  EV_SENDSVR_RECEIVED,
  EV_SENDSVR_REJECT,
  EV_SESSION,
  EV_STORE,
  EV_WAKE,
  PULL_REASONS,
  REJECT_REASONS,
  type PullReason,
} from '../../src/system/events.js';
import type { RejectReason } from '../../src/system/wire.js';
import type { World } from '../../src/system/world.js';
import { heldBy, inboxOf } from './harness.js';

export interface Stored {
  readonly timeUs: number;
  readonly device: number;
  readonly msg: number;
  readonly seq: number;
}

export interface Pull {
  readonly timeUs: number;
  readonly device: number;
  readonly seqCli: number;
  readonly reason: PullReason;
}

export interface Read {
  readonly timeUs: number;
  readonly device: number;
  readonly afterSeq: number;
  readonly bound: number;
  readonly count: number;
}

export interface Commit {
  readonly timeUs: number;
  readonly user: number;
  readonly seq: number;
  readonly msg: number;
}

/** Everything the tests read back from the trace, in emission order. */
export class Observer {
  readonly composedAtUs = new Map<number, number>();
  readonly stores: Stored[] = [];
  readonly commits: Commit[] = [];
  readonly allocs: { user: number; seq: number; msg: number }[] = [];
  readonly appendDedups: { user: number; seq: number; msg: number }[] = [];
  readonly attempts: { device: number; msg: number; attempt: number }[] = [];
  readonly acks: { timeUs: number; device: number; msg: number; ownSeq: number }[] = [];
  readonly rejections: { device: number; msg: number; reason: RejectReason }[] = [];
  readonly sendSvrReceived: { timeUs: number; sendSvr: number; msg: number }[] = [];
  readonly sendSvrAcks: { msg: number; ownSeq: number }[] = [];
  readonly sendSvrRejects: { msg: number; reason: RejectReason }[] = [];
  readonly pulls: Pull[] = [];
  readonly reads: Read[] = [];
  readonly cursors: { timeUs: number; device: number; seqCli: number }[] = [];
  readonly sessions: { timeUs: number; device: number; kind: number }[] = [];
  readonly wakes: { timeUs: number; device: number; msg: number }[] = [];
  readonly platformSent: { device: number; msg: number }[] = [];
  readonly platformLost: { device: number; msg: number; reason: number }[] = [];

  constructor(readonly world: World) {
    const trace = world.sim.trace;
    trace.on(EV_COMPOSE, (t, _device, msg) => this.composedAtUs.set(msg, t));
    trace.on(EV_STORE, (t, device, msg, seq) => this.stores.push({ timeUs: t, device, msg, seq }));
    trace.on(EV_COMMIT, (t, _store, user, seq, msg) => this.commits.push({ timeUs: t, user, seq, msg }));
    trace.on(EV_ALLOC, (_t, _allocator, user, seq, msg) => this.allocs.push({ user, seq, msg }));
    trace.on(EV_APPEND_DEDUP, (_t, _store, user, seq, msg) => this.appendDedups.push({ user, seq, msg }));
    trace.on(EV_SEND_ATTEMPT, (_t, device, msg, attempt) => this.attempts.push({ device, msg, attempt }));
    trace.on(EV_SEND_ACKED, (t, device, msg, ownSeq) => this.acks.push({ timeUs: t, device, msg, ownSeq }));
    trace.on(EV_SEND_REJECTED, (_t, device, msg, reason) => this.rejections.push({ device, msg, reason: REJECT_REASONS[reason]! }));
    trace.on(EV_SENDSVR_RECEIVED, (t, sendSvr, msg) => this.sendSvrReceived.push({ timeUs: t, sendSvr, msg }));
    trace.on(EV_SENDSVR_ACK, (_t, _sendSvr, msg, ownSeq) => this.sendSvrAcks.push({ msg, ownSeq }));
    trace.on(EV_SENDSVR_REJECT, (_t, _sendSvr, msg, reason) => this.sendSvrRejects.push({ msg, reason: REJECT_REASONS[reason]! }));
    trace.on(EV_PULL, (t, device, seqCli, _reqId, reason) => this.pulls.push({ timeUs: t, device, seqCli, reason: PULL_REASONS[reason]! }));
    trace.on(EV_READ, (t, _store, device, afterSeq, bound, count) => this.reads.push({ timeUs: t, device, afterSeq, bound, count }));
    trace.on(EV_CURSOR, (t, device, seqCli) => this.cursors.push({ timeUs: t, device, seqCli }));
    trace.on(EV_SESSION, (t, device, kind) => this.sessions.push({ timeUs: t, device, kind }));
    trace.on(EV_WAKE, (t, device, msg) => this.wakes.push({ timeUs: t, device, msg }));
    trace.on(EV_PLATFORM_SENT, (_t, _service, msg, device) => this.platformSent.push({ device, msg }));
    trace.on(EV_PLATFORM_LOST, (_t, _service, msg, device, reason) => this.platformLost.push({ device, msg, reason }));
  }

  /** How many times `device` stored `msg`. */
  storeCount(device: Device, msg: number): number {
    return this.stores.filter((s) => s.device === device.id && s.msg === msg).length;
  }

  /** When `device` stored `msg`, or undefined if it never did. */
  storedAtUs(device: Device, msg: number): number | undefined {
    return this.stores.find((s) => s.device === device.id && s.msg === msg)?.timeUs;
  }

  acksOf(msg: number): { device: number; ownSeq: number }[] {
    return this.acks.filter((a) => a.msg === msg).map(({ device, ownSeq }) => ({ device, ownSeq }));
  }

  commitsOf(msg: number): Commit[] {
    return this.commits.filter((c) => c.msg === msg);
  }

  pullsOf(device: Device): Pull[] {
    return this.pulls.filter((p) => p.device === device.id);
  }

  readsOf(device: Device): Read[] {
    return this.reads.filter((r) => r.device === device.id);
  }
}

/** Seq_svr: the highest committed seq of the user's inbox (0 while it is empty). */
export function seqSvrOf(world: World, user: number): number {
  const inbox = inboxOf(world, user);
  return inbox.length === 0 ? 0 : inbox[inbox.length - 1]![0];
}

/** The msgIds of the user's inbox in seq order. */
export function inboxMsgs(world: World, user: number): number[] {
  return inboxOf(world, user).map(([, msg]) => msg);
}

/**
 * Every installed device holds exactly its user's whole inbox (same seqs, same messages), stored
 * each message exactly once, and its Seq_cli equals its user's Seq_svr.
 */
export function expectAllCaughtUp(world: World, observer: Observer): void {
  for (const device of world.devices) {
    if (world.isRetired(device)) continue;
    const inbox = inboxOf(world, device.user);
    expect(heldBy(device), `${device.name} holds its user's inbox`).toEqual(inbox);
    for (const [, msg] of inbox) expect(observer.storeCount(device, msg), `${device.name} stored msg ${msg} once`).toBe(1);
    expect(device.durable.seqCli, `${device.name} Seq_cli`).toBe(seqSvrOf(world, device.user));
  }
}

/** Every composed message was acked exactly once, by the device that sent it, at its own seq. */
export function expectEachAckedOnce(world: World, observer: Observer, msgs: readonly number[]): void {
  for (const msg of msgs) {
    const acks = observer.acksOf(msg);
    expect(acks, `acks of msg ${msg}`).toHaveLength(1);
    const sender = world.devices.find((d) => d.id === acks[0]!.device)!;
    const own = inboxOf(world, sender.user).filter(([, m]) => m === msg);
    expect(own, `msg ${msg} in the sender's own inbox`).toEqual([[acks[0]!.ownSeq, msg]]);
  }
}
