// The max_seq store's crash points and the targeted swarm's aim at them: a store that crashes with
// a grant or a max_seq raise on its way to its disk has answered nothing, so the allocator waits and
// asks again. One that answers before the write is durable loses a raise the allocator already
// issues under: restarted, the allocator starts users below seqs it issued. The classic draw keeps
// the crash points it drew from before the store had any, and the aim draws from its own stream.
import { afterEach, describe, expect, it } from 'vitest';
import { swarmScenario } from '../../src/faults/swarm.js';
import { loadScenario } from '../../src/scenario/load.js';
import { CRASH_POINTS } from '../../src/system/crashPoints.js';
import { SeqStore } from '../../src/system/seqStore.js';
import { seedsGainingOwnStreamAim, type Fault } from './aimStream.js';
import { smallSectionsRun } from './smallSections.js';

const SEQSTORE_POINTS: readonly string[] = CRASH_POINTS.seqstore;
const isSeqStoreCrash = (fault: Fault) => fault.kind === 'crash' && SEQSTORE_POINTS.includes(fault.on ?? '');

/** A max_seq store's private state and handlers, as far as the planted bug needs them. */
interface SeqStoreInside {
  epoch: number;
  durable: { owner: number };
  send(to: number, message: unknown): void;
  write(from: number, req: { reqId: number; epoch: number }): void;
  onDiskWritten(tag: number, data: unknown): void;
}

describe('the max_seq store crashed with a write on its way to its disk', () => {
  const proto = SeqStore.prototype as unknown as SeqStoreInside;
  const { write, onDiskWritten } = proto;
  afterEach(() => {
    proto.write = write;
    proto.onDiskWritten = onDiskWritten;
  });

  const crashedMidRaise = (seed: number) =>
    smallSectionsRun(
      [
        { at: 5_000, for: 1_000, kind: 'crash', target: 'seqstore-*', on: 'seqstore.max-pending' },
        // The owner restarts soon after, before the next raise of every section covers the lost one.
        { at: 5_000, for: 500, kind: 'crash', target: 'allocator-0', on: 'alloc.received', delayMs: 1_500 },
      ],
      seed,
    );

  it('the correct store passes; one that answers a raise before it is durable fails seq-allocation', () => {
    const seeds = [1, 2, 3, 4, 5, 6];
    for (const seed of seeds) expect(crashedMidRaise(seed).ok, `seed ${seed}`).toBe(true);
    // The planted bug: the raise is answered as it is handed to the disk, and not again once there.
    const DISK_MAX = 1;
    proto.write = function (from, req) {
      write.call(this, from, req);
      if (from === this.durable.owner && req.epoch === this.epoch) this.send(from, { type: 'maxseq-resp', reqId: req.reqId, ok: true });
    };
    proto.onDiskWritten = function (tag, data) {
      if (tag !== DISK_MAX) onDiskWritten.call(this, tag, data);
    };
    const failed = seeds.map(crashedMidRaise).filter((result) => !result.ok);
    expect(failed.length).toBeGreaterThan(seeds.length / 2);
    for (const result of failed) expect(result.invariants.find((invariant) => invariant.name === 'seq-allocation')?.ok).toBe(false);
  });

  it('the classic draw never arms them: it picks crash points from the roles it had before', () => {
    const { scenario } = loadScenario('mutant-hunt');
    let points = 0;
    for (let seed = 1; seed <= 300; seed++) {
      for (const fault of swarmScenario(scenario, String(seed)).faults) {
        if (fault.kind !== 'crash-point') continue;
        points++;
        expect(SEQSTORE_POINTS).not.toContain(fault.point);
      }
    }
    expect(points).toBeGreaterThan(50);
  });

  it('the aim draws from a stream of its own: without it, every seed draws every other fault as it does with it', () => {
    // In for about three seeds in ten.
    const gained = seedsGainingOwnStreamAim('seqstore-crash', isSeqStoreCrash);
    expect(gained).toBeGreaterThan(40);
    expect(gained).toBeLessThan(90);
  });
});
