// timeliness, lease-rate: an allocator asks for its lease no more often than every third of it. One
// that asked again whenever a seq request found it with no lease (after a restart) ran a second
// renewal chain, and broke no other rule.
import { afterEach, describe, expect, it } from 'vitest';
import { Allocator } from '../../src/system/allocator.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface AllocatorParts {
  take(request: unknown): void;
  askForLease(): void;
  epoch: number;
  leaseEndUs: number;
  localNowUs: number;
  held: unknown[];
  id: number;
  group: number;
  topology: { allocatorOwner: number[] };
}
const allocator = Allocator.prototype as unknown as AllocatorParts;
const { take } = allocator;

afterEach(() => {
  allocator.take = take;
});

describe('lease asks', () => {
  it('come no more often than every third of the lease, and an allocator that asks whenever a request finds it unleased fails timeliness', () => {
    const plant = () => {
      allocator.take = function (this: AllocatorParts, request: unknown) {
        const leased = this.epoch > 0 && this.localNowUs < this.leaseEndUs;
        // The planted bug: callers are waiting, so ask now as well as at the next renewal.
        if (!leased && this.topology.allocatorOwner[this.group] === this.id && this.held.length === 0) this.askForLease();
        take.call(this, request);
      };
    };
    for (const failed of plantedVerdicts((seed) => verdictOf('timeliness', 'seqsvr-restart', seed), ['1', '2', '3'], plant)) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'lease-rate', detail: expect.stringMatching(/^lease-rate: allocator-\d asked seqstore-\d for the lease [\d,]+ ms after its ask before, in the same incarnation \(one ask every 1,000 ms, a third of the lease\)$/) } });
    }
  });
});
