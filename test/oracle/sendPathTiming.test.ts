// timeliness on the send path, on a calm path: a MsgStore primary whose log is durable commits it
// within its replication to a majority; once a send commits in its sender's own inbox (SendSvr's
// last append), SendSvr acks it within a data-centre hop and a disk write; once SendSvr acks it, the
// answer reaches the sender within a data-centre hop and a hop over the long connection (same
// session). The send's own deadline allows a minute and more, retries included, so a replica that
// acked its batches late, a MsgStore that answered only retried appends, and a SendSvr that answered
// only retried sends, met every deadline before; so did a SendSvr that answered a send retried from
// a new session, while its append was under way, through the ConnectSvr of the first attempt.
import { afterEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/api.js';
import { MsgStore } from '../../src/system/msgStore.js';
import { Replicator } from '../../src/system/replicator.js';
import { SendSvr } from '../../src/system/sendSvr.js';
import { messageKey, type ChatMessage } from '../../src/system/wire.js';

type Respond = (connectSvr: number, message: { readonly msgId: number }, ownSeq: number, reject: string | null) => void;
type Reply = (job: object, seq: number, reject: string | null) => void;
type AckReplicated = (write: object) => void;
type OnTimer = (tag: number, data: unknown) => void;
type Receive = (connectSvr: number, rpc: { readonly message: ChatMessage }) => void;
type Jobs = { readonly jobs: { get(key: number): { connectSvr: number } | undefined } };
const sendSvr = SendSvr.prototype as unknown as { respond: Respond; receive: Receive };
const msgStore = MsgStore.prototype as unknown as { reply: Reply; ackReplicated: AckReplicated; onTimer: OnTimer; setTimer(us: number, tag: number, data: unknown): void };
const { respond, receive } = sendSvr;
const { reply, ackReplicated, onTimer } = msgStore;
type QuorumLsn = (majority: number) => number;
const replicator = Replicator.prototype as unknown as { quorumLsn: QuorumLsn; peers: unknown[] };
const { quorumLsn } = replicator;

const SEEDS = ['1', '2', '3'];
const timeliness = (scenario: string, seed: string, swarm = false) => runScenario(scenario, { seed, swarm }).invariants.find((invariant) => invariant.name === 'timeliness')!;

/** Baseline seeds 1-3 fail timeliness, first with a violation `detail` matches. */
function expectBaselineFails(detail: RegExp): void {
  for (const seed of SEEDS) {
    const verdict = timeliness('baseline', seed);
    expect(verdict.ok).toBe(false);
    expect(verdict.first?.detail).toMatch(detail);
  }
}

describe('the send path', () => {
  afterEach(() => {
    sendSvr.respond = respond;
    sendSvr.receive = receive;
    msgStore.reply = reply;
    msgStore.ackReplicated = ackReplicated;
    msgStore.onTimer = onTimer;
    replicator.quorumLsn = quorumLsn;
  });

  it('keeps its time in the correct system, plain and swarm', () => {
    for (const scenario of ['baseline', 'multi-device', 'connectsvr-crash', 'sendsvr-crash-points', 'storage-failover']) {
      for (const seed of SEEDS) {
        expect(timeliness(scenario, seed).ok, `${scenario} ${seed}`).toBe(true);
        expect(timeliness(scenario, seed, true).ok, `${scenario} ${seed} swarm`).toBe(true);
      }
    }
  });

  it('fails timeliness when SendSvr answers only the retry of each send', () => {
    // The planted bug: the first answer of each acked send goes nowhere; a retry hits the dedup record and is answered.
    sendSvr.respond = function (this: SendSvr, connectSvr, message, ownSeq, reject) {
      const answered = ((this as unknown as { answered?: Set<number> }).answered ??= new Set());
      if (reject === null && !answered.has(message.msgId)) {
        answered.add(message.msgId);
        return;
      }
      respond.call(this, connectSvr, message, ownSeq, reject);
    };
    expectBaselineFails(/^SendSvr acked message \d+, but the ack did not reach the sender within [\d,.]+ ms \(a data-centre hop and a hop over the long connection\), in the session of the attempt SendSvr heard last, on a calm path$/);
  });

  it('fails timeliness when SendSvr answers a send retried from a new session through the first attempt\'s ConnectSvr', () => {
    // Swarm seeds where a sender's session broke while its send was being appended, and it retried from a new one.
    const runs: [string, string][] = [['storage-failover', '4'], ['storage-failover', '17'], ['seqsvr-restart', '17']];
    for (const [scenario, seed] of runs) expect(timeliness(scenario, seed, true).ok, `${scenario} ${seed}`).toBe(true);
    // The planted bug: a retry of a send still being appended leaves the ConnectSvr to answer through as it was.
    sendSvr.receive = function (this: Jobs, connectSvr, rpc) {
      const running = this.jobs.get(messageKey(rpc.message));
      const before = running?.connectSvr;
      receive.call(this, connectSvr, rpc);
      if (running !== undefined) running.connectSvr = before!;
    };
    // answer-route sees the answer go the wrong way first; the ack that never reached the sender is judged too.
    for (const [scenario, seed] of runs) {
      const verdict = timeliness(scenario, seed, true);
      expect(verdict.ok, `${scenario} ${seed}`).toBe(false);
      expect(verdict.first?.kind).toBe('answer-route');
      expect(verdict.examples.map((example) => example.detail)).toContainEqual(
        expect.stringMatching(/^SendSvr acked message \d+, but the ack did not reach the sender within [\d,.]+ ms \(a data-centre hop and a hop over the long connection\), in the session of the attempt SendSvr heard last, on a calm path$/),
      );
    }
  });

  it('fails timeliness when MsgStore answers only the retry of each append', () => {
    // The planted bug: a commit answers no one; SendSvr's append RPC times out, and its retry finds the entry by its key.
    const unanswered = new WeakSet<object>();
    msgStore.reply = function (this: MsgStore, job, seq, reject) {
      if (reject === null && !unanswered.has(job)) {
        unanswered.add(job);
        return;
      }
      reply.call(this, job, seq, reject);
    };
    expectBaselineFails(/^message \d+ was committed in its sender's own inbox, but SendSvr did not ack it within [\d,]+ ms \(a data-centre hop and a server disk write\), on a calm path$/);
  });

  it('fails timeliness when a replica acks each batch 600 ms after its write (replication: 429 ms)', () => {
    // The planted bug: replicas sync and answer on a 600 ms group-commit timer, so every commit waits for it.
    const LATE_ACK = 998;
    msgStore.ackReplicated = function (this: typeof msgStore, write) {
      this.setTimer(600_000, LATE_ACK, write);
    };
    msgStore.onTimer = function (this: typeof msgStore, tag, data) {
      if (tag === LATE_ACK) return ackReplicated.call(this, data as object);
      onTimer.call(this, tag, data);
    };
    expectBaselineFails(/^MsgStore primary \d+ did not commit LSN \d+ within [\d,]+ ms of its log being durable through it \(replication to a majority\), on a calm path: it committed it at [\d,]+ ms, [\d,]+ ms after \(seq \d+ of user \d+'s inbox\)$/);
  });

  it('fails timeliness when a primary waits for every replica, with one of them under a fault (a majority was calm)', () => {
    // The planted bug: the quorum is the whole group, so commits stall while any replica is down.
    const seed = '100';
    expect(timeliness('baseline', seed, true).ok).toBe(true);
    replicator.quorumLsn = function (this: typeof replicator) {
      return quorumLsn.call(this, this.peers.length + 1);
    };
    const verdict = timeliness('baseline', seed, true);
    expect(verdict.ok).toBe(false);
    expect(verdict.first?.detail).toMatch(/^MsgStore primary \d+ did not commit LSN \d+ within [\d,]+ ms of its log being durable through it \(replication to a majority\), on a calm path: /);
  });
});
