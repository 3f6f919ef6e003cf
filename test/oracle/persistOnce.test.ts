// timeliness, persist-once: an allocator has one max_seq write of a section in flight. One that asked
// "does this section need a raise?" before "is a raise under way?" sent the store one identical
// write per waiting request (16-19 for 1 in a group storm), and passed every other rule (10 seeds
// each of group-storm, seqsvr-restart, baseline and seq-exhaustion, plain and swarm).
import { afterEach, describe, expect, it } from 'vitest';
import { Allocator } from '../../src/system/allocator.js';
import { sectionOf } from '../../src/system/topology.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface Request {
  readonly req: { readonly user: number };
}
interface AllocatorParts {
  readonly knobs: { readonly sectionSize: number };
  allocate(request: Request): void;
  cur(user: number, section: number): number;
  maxSeq(section: number): number;
  persistMax(section: number, request: Request): void;
}
const allocator = Allocator.prototype as unknown as AllocatorParts;
const { allocate } = allocator;

afterEach(() => {
  allocator.allocate = allocate;
});

describe('max_seq writes of one section', () => {
  it('go one at a time, and an allocator that begins one per request needing the raise fails timeliness', () => {
    const plant = () => {
      allocator.allocate = function (this: AllocatorParts, request: Request) {
        // The planted bug: the raise is looked for before the write under way.
        const section = sectionOf(request.req.user, this.knobs.sectionSize);
        if (this.cur(request.req.user, section) + 1 > this.maxSeq(section)) this.persistMax(section, request);
        else allocate.call(this, request);
      };
    };
    const detail = /^persist-once: allocator-\d+ sent its store max_seq write \d+ \(section \d+ to \d+\) while write \d+ \(to \d+\), sent [\d.,]+ ms before, was unanswered/;
    const verdicts = plantedVerdicts((seed) => verdictOf('timeliness', 'group-storm', seed), ['2', '3'], plant);
    for (const failed of verdicts) expect(failed).toMatchObject({ ok: false, first: { kind: 'persist-once', detail: expect.stringMatching(detail) } });
  });
});
