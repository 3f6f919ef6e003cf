// timeliness, lease-release: the allocator the route table names answers the seq requests it took
// with no lease as its lease grant lands. One that dropped them ("the caller's retry will find us")
// held every send behind them a second or more after each restart (the slowest ack 7 s -> 15 s), and
// passed all 80 runs of seqsvr-restart, storage-failover, baseline and mutant-hunt, seeds 1-10 plain
// and swarm.
import { afterEach, describe, expect, it } from 'vitest';
import { Allocator } from '../../src/system/allocator.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface AllocatorParts {
  readonly epoch: number;
  readonly localNowUs: number;
  readonly leaseEndUs: number;
  take(request: unknown): void;
}
const allocator = Allocator.prototype as unknown as AllocatorParts;
const { take } = allocator;

afterEach(() => {
  allocator.take = take;
});

describe('seq requests that come before the lease', () => {
  it('are answered as the grant lands, and an allocator that drops them fails timeliness', () => {
    const plant = () => {
      allocator.take = function (this: AllocatorParts, request: unknown) {
        // The planted bug: with no lease yet, the request is dropped, not held.
        if (this.epoch > 0 && this.localNowUs < this.leaseEndUs) take.call(this, request);
      };
    };
    const detail = /^lease-release: allocator-\d+, the owner the route table named, took seq request \d+ of msgstore-\d+ for user \d+ [\d.]+ ms before its lease grant landed, and left it unanswered as the grant landed/;
    const verdicts = plantedVerdicts((seed) => verdictOf('timeliness', 'seqsvr-restart', seed), ['2', '5', '7'], plant);
    for (const failed of verdicts) expect(failed).toMatchObject({ ok: false, first: { kind: 'lease-release', detail: expect.stringMatching(detail) } });
  });
});
