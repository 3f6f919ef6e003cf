// push-route's statistical half. On a link lossy enough for TCP to give up, a hint's hard deadline
// must allow for the connection dying and the device reconnecting (a minute or more), and in that
// time some fault touches nearly every path: a PushSvr that never hints would go unseen.
//
// So each hint is also expected promptly: within the hint path with TCP retransmitting until it
// gives up (Bounds.hintPromptUs). A hint later than that on a calm path had every transmission of
// itself, or of a message ahead of it on the same connection, lost; and once that happens the
// server's TCP drops everything after it on that connection, so the rest of the session's hints
// are late too. Each session with a late hint therefore needs one such stuck message of its own.
// With N messages on device connections in the run (at most the run's events), each stuck with odds
// q (Bounds.stuckOdds), the odds of k sessions with a late hint are at most C(N, k) q^k <=
// (Nq)^k / k!. push-route fails when those odds fall below FALSE_ALARM: a correct system fails
// it that seldom, and a PushSvr that does not hint fails it in any run with a few calm sessions.
// An expectation is judged by when the hint arrived, not by whether it had when the oracle looked.
import type { Simulation } from '../sim/simulation.js';
import { pairKey } from './arrivals.js';
import { formatBudgetMs, type Bounds } from './bounds.js';
import type { DeviceFacts, Ledger } from './ledger.js';
import type { Paths } from './paths.js';
import { FALSE_ALARM } from './pooledLatency.js';
import type { ViolationSink } from './violation.js';

/** Late sessions described in full; the rest are only counted. */
const DESCRIBED = 20;

/** Whether the hint of `msgId` to `device` is awaited and had not arrived by `byUs` (push-route's own record). */
export type HintLate = (device: number, msgId: number, byUs: number) => boolean;

interface LateHint {
  readonly device: DeviceFacts;
  readonly msgId: number;
  readonly fromUs: number;
}

/** ln(k!) */
function logFactorial(k: number): number {
  let sum = 0;
  for (let i = 2; i <= k; i++) sum += Math.log(i);
  return sum;
}

/** The odds that `k` or more of `n` messages, each stuck with odds `q`, are stuck (an upper bound). */
export function stuckSessionsOdds(k: number, n: number, q: number): number {
  if (k === 0) return 1;
  if (q === 0) return 0;
  return Math.min(1, Math.exp(k * Math.log(n * q) - logFactorial(k)));
}

export class PromptHints {
  /**
   * Expected hints in the order they fall due, flat: [device, msgId, fromUs, ...], from queueHead
   * up to queueLength. The judged prefix is dropped in place, not by a new array (which outlived the
   * young generation at scale and died in the old one).
   */
  private readonly queue: number[] = [];
  private queueHead = 0;
  private queueLength = 0;
  /** Sessions (device and session handle) with a late hint, and the first late hint of each. */
  private readonly lateSessions = new Set<number>();
  private readonly described: LateHint[] = [];

  constructor(
    private readonly sim: Simulation,
    private readonly ledger: Ledger,
    private readonly paths: Paths,
    private readonly bounds: Bounds,
    private readonly late: HintLate,
  ) {}

  /** SendSvr acked `msgId` at `fromUs` while `device` was connected: its hint is expected promptly. */
  expect(device: DeviceFacts, msgId: number, fromUs: number): void {
    if (this.bounds.stuckOdds >= 1) return;
    const queue = this.queue;
    queue[this.queueLength++] = device.id;
    queue[this.queueLength++] = msgId;
    queue[this.queueLength++] = fromUs;
  }

  /** Judges the expectations due by `nowUs`. */
  judge(nowUs: number): void {
    const queue = this.queue;
    const promptUs = this.bounds.hintPromptUs;
    let head = this.queueHead;
    while (head < this.queueLength && queue[head + 2]! + promptUs <= nowUs) {
      this.judgeOne(queue[head]!, queue[head + 1]!, queue[head + 2]!, queue[head + 2]! + promptUs);
      head += 3;
    }
    // Drop the judged prefix now and then, not on every call.
    if (head > 3 * 1024 && head * 2 > this.queueLength) {
      queue.copyWithin(0, head, this.queueLength);
      this.queueLength -= head;
      head = 0;
    }
    this.queueHead = head;
  }

  private judgeOne(deviceId: number, msgId: number, fromUs: number, dueUs: number): void {
    if (!this.late(deviceId, msgId, dueUs)) return;
    const device = this.ledger.device(deviceId);
    const session = device.sessions.throughout(fromUs, dueUs);
    // The session ended on the way (the hint went down with it), or a fault explains the wait.
    if (device.retired || session < 0) return;
    if (this.paths.hintTouched(this.ledger.message(msgId), device, fromUs, dueUs, device.sessions.connectSvrOf(session))) return;
    const sessionKey = pairKey(deviceId, session);
    if (this.lateSessions.has(sessionKey)) return;
    this.lateSessions.add(sessionKey);
    if (this.described.length < DESCRIBED) this.described.push({ device, msgId, fromUs });
  }

  /** After the run: reports the late sessions if lost transmissions cannot explain so many. */
  finish(sink: ViolationSink, invariant: string): void {
    this.judge(this.sim.nowUs);
    const late = this.lateSessions.size;
    const messages = this.sim.trace.count;
    const odds = stuckSessionsOdds(late, messages, this.bounds.stuckOdds);
    if (odds >= FALSE_ALARM) return;
    const promptUs = this.bounds.hintPromptUs;
    const why = `${late} sessions had a hint this late on a calm path; lost transmissions explain that with odds ${odds.toExponential(1)} (${messages.toLocaleString('en-US')} events, each message stuck with odds ${this.bounds.stuckOdds.toExponential(1)})`;
    for (const { device, msgId, fromUs } of this.described) {
      sink.violate(invariant, {
        kind: 'prompt-hint',
        detail: `no hint for message ${msgId} reached the device within ${formatBudgetMs(promptUs)} of SendSvr's ack; ${why}`,
        msgId,
        user: device.user,
        device: device.id,
        deadline: {
          kind: 'prompt-hint',
          dueUs: fromUs + promptUs,
          setBy: `sendsvr-ack of message ${msgId}`,
          setAtUs: fromUs,
          budget: `${formatBudgetMs(promptUs)}: the hint's path, TCP retransmitting until it gives up`,
        },
      });
    }
  }
}
