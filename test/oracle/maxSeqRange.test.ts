// seq-allocation, max_seq within 32 bits: every max_seq an owner asks its store to persist, or
// persists, is at most 2^32-1. An allocator that raised a section's last max_seq by a whole step
// past 2^32-1 (no clamp) persisted a bound no seq may reach, and broke no other rule.
import { afterEach, describe, expect, it } from 'vitest';
import { Allocator } from '../../src/system/allocator.js';
import { SEQ_MAX } from '../../src/system/config.js';
import { EV_ALLOC_PERSIST_BEGIN } from '../../src/system/events.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface AllocatorParts {
  persistMax(section: number, request: unknown): void;
  epoch: number;
  waiting: Map<number, unknown[]>;
  knobs: { allocStep: number };
  maxSeq(section: number): number;
  crashPoint(name: string): void;
  emit(kind: unknown, a: number, b: number): void;
  rpc: { call(request: unknown, context: unknown): void; newReqId(): number };
}
const allocator = Allocator.prototype as unknown as AllocatorParts;
const { persistMax } = allocator;

afterEach(() => {
  allocator.persistMax = persistMax;
});

describe('max_seq within 32 bits', () => {
  it('persists no max_seq past 2^32-1, and an allocator that does not clamp its last step fails seq-allocation', () => {
    const seqAllocation = (seed: string) => verdictOf('seq-allocation', 'seq-exhaustion', seed, true);
    const plant = () => {
      allocator.persistMax = function (this: AllocatorParts, section: number, request: unknown) {
        const waiting = [request];
        this.waiting.set(section, waiting);
        // The planted bug: no Math.min(SEQ_MAX, ...).
        const maxSeq = this.maxSeq(section) + this.knobs.allocStep;
        const epoch = this.epoch;
        this.crashPoint('alloc.before-persist');
        this.emit(EV_ALLOC_PERSIST_BEGIN, section, maxSeq);
        this.rpc.call({ type: 'maxseq-write', reqId: this.rpc.newReqId(), epoch, section, maxSeq }, waiting);
      };
    };
    for (const failed of plantedVerdicts(seqAllocation, ['2', '4', '6'], plant)) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'max-seq', detail: expect.stringMatching(/^allocator-\d asked its max_seq store to persist max_seq \d+ for section \d+, above 2\^32-1 \(a step past it is clamped to it\)$/) } });
      expect(Number(/max_seq (\d+)/.exec(failed.first!.detail)![1])).toBeGreaterThan(SEQ_MAX);
    }
  });
});
