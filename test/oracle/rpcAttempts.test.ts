// timeliness, rpc-attempts: a server's request goes at most rpcAttempts times, a whole RPC timeout
// apart. An Rpc that gave up one attempt late (> for >=) sent every unanswered request once more,
// and broke no other rule. And a restarted server uses no request id an earlier life of it used.
import { afterEach, describe, expect, it } from 'vitest';
import { Rpc } from '../../src/system/rpc.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface RpcParts {
  timedOut(reqId: number): void;
  newReqId(): number;
  attempts: number;
  owner: { readonly incarnation: number };
}
const rpc = Rpc.prototype as unknown as RpcParts;
const { timedOut, newReqId } = rpc;

afterEach(() => {
  rpc.timedOut = timedOut;
  rpc.newReqId = newReqId;
});

describe('RPC attempts', () => {
  it('number at most rpcAttempts per request, and an Rpc that gives up one attempt late fails timeliness', () => {
    const plant = () => {
      // The planted bug: > for >=, so one attempt more than rpcAttempts before it gives up.
      rpc.timedOut = function (this: RpcParts, reqId: number) {
        const attempts = this.attempts;
        this.attempts = attempts + 1;
        try {
          timedOut.call(this, reqId);
        } finally {
          this.attempts = attempts;
        }
      };
    };
    for (const failed of plantedVerdicts((seed) => verdictOf('timeliness', 'seqsvr-restart', seed), ['1', '2', '3'], plant)) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'rpc-attempts', detail: expect.stringMatching(/^rpc-attempts: [a-z]+-\d sent [a-z-]+ \d+ to [a-z]+-\d as its attempt 6 \(at most 5 attempts, rpcAttempts\)$/) } });
    }
  });

  it('are never reused by a later life of their server, and an Rpc that starts every life at id 1 fails timeliness', () => {
    const plant = () => {
      // The planted bug: each life numbers its requests from 1 again (a Rpc is made per life).
      rpc.newReqId = function (this: RpcParts) {
        return newReqId.call(this) - this.owner.incarnation * 2 ** 32;
      };
    };
    const detail = /^rpc-id-reuse: [a-z]+-\d sent [a-z-]+ \d+ in its life \d+, an id no higher than \d+, which an earlier life of it used \(a late answer to that request would be taken for this one's\)$/;
    for (const failed of plantedVerdicts((seed) => verdictOf('timeliness', 'sendsvr-crash-points', seed), ['1', '2'], plant)) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'rpc-id-reuse', detail: expect.stringMatching(detail) } });
    }
  });
});
