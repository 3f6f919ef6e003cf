// timeliness, SendSvr's ack: once a send commits in its sender's own inbox (SendSvr's last append),
// SendSvr acks it within a data-centre hop and a disk write; once SendSvr acks it, the answer
// reaches the sender within a data-centre hop and a hop over the long connection (same session).
// Both on a calm path. The send's own deadline allows an append's RPC retry and the device's own
// retry, so a MsgStore that answered only retried appends, and a SendSvr that answered only retried
// sends, met every deadline before.
import { afterEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/api.js';
import { MsgStore } from '../../src/system/msgStore.js';
import { SendSvr } from '../../src/system/sendSvr.js';

type Respond = (connectSvr: number, message: { readonly msgId: number }, ownSeq: number, reject: string | null) => void;
type Reply = (job: object, seq: number, reject: string | null) => void;
const sendSvr = SendSvr.prototype as unknown as { respond: Respond };
const msgStore = MsgStore.prototype as unknown as { reply: Reply };
const { respond } = sendSvr;
const { reply } = msgStore;

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

describe("SendSvr's ack", () => {
  afterEach(() => {
    sendSvr.respond = respond;
    msgStore.reply = reply;
  });

  it('comes in time from the correct system, plain and swarm', () => {
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
    expectBaselineFails(/^SendSvr acked message \d+, but the ack did not reach the sender within [\d,.]+ ms \(a data-centre hop and a hop over the long connection\), in the session it composed it in, on a calm path$/);
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
});
