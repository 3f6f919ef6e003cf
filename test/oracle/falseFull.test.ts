// seq-allocation: an inbox is called full only once its user's seq space is used up. An allocator
// that answered "none left" too soon turned sends away as seq-exhausted, and every rule held: the
// senders saw a rejection, and send-policy agreed with SendSvr, which only repeats what MsgStore was
// told. Found by mutating the compiled system: an allocator that refused every seq passed baseline.
import { afterEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/api.js';
import { Allocator } from '../../src/system/allocator.js';
import { SEQ_MAX } from '../../src/system/config.js';
import { sectionOf } from '../../src/system/topology.js';

interface Request {
  readonly from: number;
  readonly req: { readonly user: number; readonly reqId: number };
}
interface AllocatorInternals {
  allocate(request: Request): void;
  cur(user: number, section: number): number;
  send(to: number, message: unknown): void;
  readonly knobs: { readonly sectionSize: number };
}

const proto = Allocator.prototype as unknown as AllocatorInternals;
const { allocate } = proto;

/** Plants an allocator that says "none left" for a user whose cur_seq is at `limit` or above. */
const refuseFrom = (limit: number) => {
  proto.allocate = function (this: AllocatorInternals, request) {
    const { user, reqId } = request.req;
    if (this.cur(user, sectionOf(user, this.knobs.sectionSize)) < limit) return allocate.call(this, request);
    this.send(request.from, { type: 'alloc-resp', reqId, user, seq: -1 });
  };
};

const seqAllocation = (scenario: string, seed: string, swarm = false) => runScenario(scenario, { seed, swarm }).invariants.find((invariant) => invariant.name === 'seq-allocation')!;

describe('an inbox called full', () => {
  afterEach(() => {
    proto.allocate = allocate;
  });

  it('passes when the seq space is used up (seq-exhaustion), plain and swarm', () => {
    for (const seed of ['1', '2']) {
      const report = runScenario('seq-exhaustion', { seed });
      expect(report.messages.rejected).toBeGreaterThan(0);
      expect(report.invariants.filter((invariant) => !invariant.ok)).toEqual([]);
      expect(seqAllocation('seq-exhaustion', seed, true).ok).toBe(true);
    }
  });

  it('fails seq-allocation when the allocator refuses every seq', () => {
    refuseFrom(0);
    for (const seed of ['1', '2']) {
      const verdict = seqAllocation('baseline', seed);
      expect(verdict.ok).toBe(false);
      expect(verdict.first?.detail).toMatch(/^user \d+'s inbox was found full, but its seq space is not used up: no seq above 0 was issued or persisted in its section/);
    }
  });

  // A boundary slip (`cur + 1 >= SEQ_MAX`): the last seq never issued. The section's max_seq was
  // raised to 2^32-1 all the same, which the rule once took as enough.
  it('fails seq-allocation when the allocator calls a user out of seqs one short of 2^32-1', () => {
    refuseFrom(SEQ_MAX - 1);
    for (const seed of ['8', '9']) {
      const verdict = seqAllocation('seq-exhaustion', seed);
      expect(verdict.ok).toBe(false);
      expect(verdict.first?.detail).toMatch(/^user \d+'s inbox was found full after seq 4294967294 was issued to it in the same ownership of its section: its seq space ends at 2\^32-1, which it was not issued$/);
    }
  });

  it('fails seq-allocation when the allocator takes seqs for signed 32-bit numbers', () => {
    refuseFrom(2 ** 31 - 1);
    for (const seed of ['1', '2']) expect(seqAllocation('seq-exhaustion', seed).ok).toBe(false);
  });
});
