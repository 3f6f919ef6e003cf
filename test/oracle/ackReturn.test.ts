// timeliness: once SendSvr acks a send, its answer reaches the sender within a data-centre hop and
// a hop over the long connection (same session, calm path). The send's own deadline allows the
// device's first retry, so a SendSvr that answered only retries met every deadline before.
import { afterEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/api.js';
import { SendSvr } from '../../src/system/sendSvr.js';

type Respond = (connectSvr: number, message: { readonly msgId: number }, ownSeq: number, reject: string | null) => void;
const proto = SendSvr.prototype as unknown as { respond: Respond };
const { respond } = proto;

const SEEDS = ['1', '2', '3'];
const timeliness = (scenario: string, seed: string, swarm = false) => runScenario(scenario, { seed, swarm }).invariants.find((invariant) => invariant.name === 'timeliness')!;

describe("the ack's way back", () => {
  afterEach(() => {
    proto.respond = respond;
  });

  it('is kept by the correct system, plain and swarm', () => {
    for (const scenario of ['baseline', 'multi-device', 'connectsvr-crash', 'sendsvr-crash-points']) {
      for (const seed of SEEDS) {
        expect(timeliness(scenario, seed).ok, `${scenario} ${seed}`).toBe(true);
        expect(timeliness(scenario, seed, true).ok, `${scenario} ${seed} swarm`).toBe(true);
      }
    }
  });

  it('fails timeliness when SendSvr answers only the retry of each send', () => {
    // The planted bug: the first answer of each acked send goes nowhere; a retry hits the dedup record and is answered.
    proto.respond = function (this: SendSvr, connectSvr, message, ownSeq, reject) {
      const answered = ((this as unknown as { answered?: Set<number> }).answered ??= new Set());
      if (reject === null && !answered.has(message.msgId)) {
        answered.add(message.msgId);
        return;
      }
      respond.call(this, connectSvr, message, ownSeq, reject);
    };
    for (const seed of SEEDS) {
      const verdict = timeliness('baseline', seed);
      expect(verdict.ok).toBe(false);
      expect(verdict.first?.detail).toMatch(/^SendSvr acked message \d+, but the ack did not reach the sender within [\d,.]+ ms \(a data-centre hop and a hop over the long connection\), in the session it composed it in, on a calm path$/);
    }
  });
});
