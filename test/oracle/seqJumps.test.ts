// seq-allocation: seqs jump only at a handover. Within one ownership of a section group, the owner
// starts every user of a section at the max_seq it loaded with the lease and gives each user its
// seqs one by one. An owner that started each user first seen after a raise at the raised max_seq
// burned a whole step of the user's 32-bit seq space per user and a store write on the send path,
// and broke no other rule.
import { afterEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/api.js';
import { Allocator } from '../../src/system/allocator.js';

type Replied = (this: Allocator, resp: { readonly ok: boolean }, write: { readonly epoch: number; readonly section: number; readonly maxSeq: number }, waiting: unknown) => void;
const proto = Allocator.prototype as unknown as { rpcReplied: Replied };
const { rpcReplied } = proto;
type Owner = { readonly epoch: number; readonly loadedMax: Map<number, number> };

afterEach(() => {
  proto.rpcReplied = rpcReplied;
});

const SEEDS = ['1', '2', '3'];
const seqAllocation = (seed: string) => runScenario('multi-device', { seed }).invariants.find((invariant) => invariant.name === 'seq-allocation')!;

describe('seqs within one ownership', () => {
  it('start every user of a section at the loaded max_seq, and an owner that starts new users at a raised one fails seq-allocation', () => {
    for (const seed of SEEDS) expect(seqAllocation(seed).ok).toBe(true);
    // The planted bug: each raise of a section's max_seq also moves where its users not seen yet start.
    proto.rpcReplied = function (resp, write, waiting) {
      rpcReplied.call(this, resp, write, waiting);
      const owner = this as unknown as Owner;
      if (resp.ok && owner.epoch === write.epoch) owner.loadedMax.set(write.section, write.maxSeq);
    };
    for (const seed of SEEDS) {
      const verdict = seqAllocation(seed);
      expect(verdict.ok).toBe(false);
      expect(verdict.first?.detail).toMatch(/^seq \d+ issued to user \d+ as its first of this ownership of its section, whose users start at \d+ \(seqs jump only at a handover\)$/);
    }
  });
});
