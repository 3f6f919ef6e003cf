// timeliness, rpc-attempts: a server's request goes at most rpcAttempts times, a whole RPC timeout
// apart. An Rpc that gave up one attempt late (> for >=) sent every unanswered request once more,
// and broke no other rule.
import { afterEach, describe, expect, it } from 'vitest';
import { Rpc } from '../../src/system/rpc.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface Pending {
  readonly request: unknown;
  readonly context: unknown;
  readonly num: number;
  attempt: number;
  timer: unknown;
}
interface RpcParts {
  timedOut(reqId: number): void;
  pending: { get(id: number): Pending | undefined; delete(id: number): void };
  attempts: number;
  timeoutUs: number;
  timerTag: number;
  caller: { rpcGaveUp(request: unknown, context: unknown, num: number): void; rpcDestination(request: unknown): number };
  owner: { armTimeout(delayUs: number, tag: number, data: unknown): unknown; send(to: number, message: unknown): void };
}
const rpc = Rpc.prototype as unknown as RpcParts;
const { timedOut } = rpc;

afterEach(() => {
  rpc.timedOut = timedOut;
});

describe('RPC attempts', () => {
  it('number at most rpcAttempts per request, and an Rpc that gives up one attempt late fails timeliness', () => {
    const plant = () => {
      rpc.timedOut = function (this: RpcParts, reqId: number) {
        const pending = this.pending.get(reqId);
        if (pending === undefined) return;
        // The planted bug: > for >=.
        if (pending.attempt > this.attempts) {
          this.pending.delete(reqId);
          this.caller.rpcGaveUp(pending.request, pending.context, pending.num);
          return;
        }
        pending.attempt++;
        pending.timer = this.owner.armTimeout(this.timeoutUs, this.timerTag, reqId);
        this.owner.send(this.caller.rpcDestination(pending.request), pending.request);
      };
    };
    for (const failed of plantedVerdicts((seed) => verdictOf('timeliness', 'seqsvr-restart', seed), ['1', '2', '3'], plant)) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'rpc-attempts', detail: expect.stringMatching(/^rpc-attempts: [a-z]+-\d sent [a-z-]+ \d+ to [a-z]+-\d as its attempt 6 \(at most 5 attempts, rpcAttempts\)$/) } });
    }
  });
});
