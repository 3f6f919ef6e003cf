// timeliness, rpc-attempts: a server's request goes at most rpcAttempts times, a whole RPC timeout
// apart. An Rpc that gave up one attempt late (> for >=) sent every unanswered request once more,
// and broke no other rule.
import { afterEach, describe, expect, it } from 'vitest';
import { Rpc } from '../../src/system/rpc.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface RpcParts {
  timedOut(reqId: number): void;
  attempts: number;
}
const rpc = Rpc.prototype as unknown as RpcParts;
const { timedOut } = rpc;

afterEach(() => {
  rpc.timedOut = timedOut;
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
});
