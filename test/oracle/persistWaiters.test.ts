// timeliness, persist-release: an allocator answers every seq request a max_seq write held as the
// write lands. One that took only the first held request on left the rest to their caller's RPC
// timeout and retry, within every deadline, and passed every other rule (10 seeds each of
// group-storm, seqsvr-restart, baseline and seq-exhaustion, plain and swarm).
import { afterEach, describe, expect, it } from 'vitest';
import { Allocator } from '../../src/system/allocator.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface AllocatorParts {
  rpcReplied(resp: unknown, write: unknown, waiting: unknown[]): void;
}
const allocator = Allocator.prototype as unknown as AllocatorParts;
const { rpcReplied } = allocator;

afterEach(() => {
  allocator.rpcReplied = rpcReplied;
});

describe('seq requests held for a max_seq write', () => {
  it('are all answered as the write lands, and an allocator that answers only the first fails timeliness', () => {
    const plant = () => {
      allocator.rpcReplied = function (this: AllocatorParts, resp: unknown, write: unknown, waiting: unknown[]) {
        // The planted bug: only the first held request is taken on; the same list, so it is still released.
        waiting.splice(1);
        rpcReplied.call(this, resp, write, waiting);
      };
    };
    const detail = /^persist-release: allocator-\d+'s write of section \d+'s max_seq landed, and it left \d+ seq requests? held for it unanswered, request \d+ of msgstore-\d+ for user \d+ among them/;
    const verdicts = plantedVerdicts((seed) => verdictOf('timeliness', 'seq-exhaustion', seed), ['4', '6', '7'], plant);
    for (const failed of verdicts) expect(failed).toMatchObject({ ok: false, first: { kind: 'persist-release', detail: expect.stringMatching(detail) } });
  });
});
