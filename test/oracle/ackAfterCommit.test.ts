// timeliness: once a send commits in its sender's own inbox (SendSvr's last append), SendSvr acks it
// within a data-centre hop and a disk write (calm path). The send's own deadline allows an append's
// RPC timeout and retry, so a MsgStore that answered only retried appends met every deadline before.
import { afterEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/api.js';
import { MsgStore } from '../../src/system/msgStore.js';

type Reply = (job: { replied: boolean }, seq: number, reject: string | null) => void;
const proto = MsgStore.prototype as unknown as { reply: Reply };
const { reply } = proto;

const SEEDS = ['1', '2', '3'];
const timeliness = (scenario: string, seed: string, swarm = false) => runScenario(scenario, { seed, swarm }).invariants.find((invariant) => invariant.name === 'timeliness')!;

describe('the ack after the last commit', () => {
  afterEach(() => {
    proto.reply = reply;
  });

  it('is kept by the correct system, plain and swarm', () => {
    for (const scenario of ['baseline', 'multi-device', 'storage-failover', 'sendsvr-crash-points']) {
      for (const seed of SEEDS) {
        expect(timeliness(scenario, seed).ok, `${scenario} ${seed}`).toBe(true);
        expect(timeliness(scenario, seed, true).ok, `${scenario} ${seed} swarm`).toBe(true);
      }
    }
  });

  it('fails timeliness when MsgStore answers only the retry of each append', () => {
    // The planted bug: a commit answers no one; SendSvr's append RPC times out, and its retry finds the entry by its key.
    const unanswered = new WeakSet<object>();
    proto.reply = function (this: MsgStore, job, seq, reject) {
      if (reject === null && !unanswered.has(job)) {
        unanswered.add(job);
        return;
      }
      reply.call(this, job, seq, reject);
    };
    for (const seed of SEEDS) {
      const verdict = timeliness('baseline', seed);
      expect(verdict.ok).toBe(false);
      expect(verdict.first?.detail).toMatch(/^message \d+ was committed in its sender's own inbox, but SendSvr did not ack it within [\d,]+ ms \(a data-centre hop and a server disk write\), on a calm path$/);
    }
  });
});
