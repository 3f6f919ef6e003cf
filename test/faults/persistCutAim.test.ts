// The targeted swarm's aim at an allocator's max_seq write: it cuts the allocator off its max_seq
// store as the write starts, and a partition loses what is in flight, so the write never lands. The
// correct allocator issues nothing above the old max_seq meanwhile; one that issues before its write
// is durable hands the standby that takes the group over seqs it has issued already. Drawn from a
// stream of its own, the aim leaves every other fault of a seed as it was.
import { afterEach, describe, expect, it } from 'vitest';
import { Allocator } from '../../src/system/allocator.js';
import { seedsGainingOwnStreamAim, type Fault } from './aimStream.js';
import { smallSectionsRun } from './smallSections.js';

const isPersistCut = (fault: Fault) => fault.kind === 'partition' && fault.on === 'alloc.before-persist';

/** An allocator's private state, as far as the planted bug needs it. */
interface AllocatorInside {
  knobs: { allocStep: number };
  sectionMax: Map<number, number>;
  waiting: Map<number, unknown[]>;
  maxSeq(section: number): number;
  take(request: unknown): void;
  persistMax(section: number, request: unknown): void;
}

describe("the aim at an allocator's max_seq write", () => {
  const proto = Allocator.prototype as unknown as AllocatorInside;
  const persistMax = proto.persistMax;
  afterEach(() => {
    proto.persistMax = persistMax;
  });

  const cutAtPersist = (seed: number) => smallSectionsRun([{ at: 5_000, for: 8_000, kind: 'partition', target: 'allocator-*', to: 'seqstore-*', on: 'alloc.before-persist' }], seed);

  it('the correct allocator passes; one that issues above a max_seq write still in flight fails seq-allocation', () => {
    const seeds = [1, 2, 3];
    for (const seed of seeds) {
      const result = cutAtPersist(seed);
      expect(result.ok, `seed ${seed}`).toBe(true);
      expect(result.coverage['maxseq-write-lost'], `seed ${seed}`).toBeGreaterThan(0);
    }
    // The planted bug: the allocator takes the raise for done as it sends it, and issues at once.
    proto.persistMax = function (section, request) {
      const maxSeq = this.maxSeq(section) + this.knobs.allocStep;
      persistMax.call(this, section, request);
      this.waiting.get(section)!.length = 0;
      this.waiting.delete(section);
      this.sectionMax.set(section, maxSeq);
      this.take(request);
    };
    for (const seed of seeds) expect(cutAtPersist(seed).invariants.find((invariant) => invariant.name === 'seq-allocation')?.ok, `seed ${seed}`).toBe(false);
  });

  it('draws from a stream of its own: without it, every seed draws every other fault as it does with it', () => {
    // In for about three seeds in ten.
    const gained = seedsGainingOwnStreamAim('persist-cut', isPersistCut);
    expect(gained).toBeGreaterThan(40);
    expect(gained).toBeLessThan(90);
  });
});
