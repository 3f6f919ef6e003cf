// The targeted swarm's aim at a max_seq store that restarts while its group's owner is paused, for
// less than its lease: the owner still believes in its lease on resuming, and issues what waited
// for it. A restarted store that forgot the lease it had granted handed the group to a standby at
// once, and two allocators issued side by side. The oracle's one-issuer rule (seq-allocation)
// reports the first seq the deposed owner issues, and timeliness's lease-grant the grant itself. Drawn from a stream of its own, it leaves every
// other fault of a seed as it was.
import { afterEach, describe, expect, it } from 'vitest';
import { SeqStore } from '../../src/system/seqStore.js';
import { plantShowsOnlyWithAim, seedsGainingOwnStreamAim, type Fault } from './aimStream.js';

const correctStart = SeqStore.prototype.start;

/** The planted bug: a restarted store forgets that it granted a lease just before. */
function plantForgetfulStore(): void {
  SeqStore.prototype.start = function (this: SeqStore) {
    correctStart.call(this);
    (this as unknown as { leaseUntilUs: number }).leaseUntilUs = 0;
  };
}

afterEach(() => {
  SeqStore.prototype.start = correctStart;
});

const isStoreRestartAim = (fault: Fault) =>
  fault.on === undefined && ((fault.kind === 'allocator-failover' && fault.target === 'allocator-*') || (fault.kind === 'crash' && fault.target === 'seqstore-*'));

/** mutant-hunt swarm seeds whose draw has the aim, and where the planted bug then fails. */
const SEEDS = ['12', '13', '27'];

describe('the aim at a max_seq store restarting under a paused owner', () => {
  it('draws from a stream of its own: without it, every seed draws every other fault as it does with it', () => {
    expect(seedsGainingOwnStreamAim('store-restart-lease', isStoreRestartAim)).toBeGreaterThan(40);
  });

  it('shows a store that forgets its lease on a restart, which the swarm without it does not', () => {
    const judge = (failures: { readonly name: string; readonly detail: string }[], seed: string) => {
      expect(failures.map((f) => f.name), seed).toEqual(['seq-allocation', 'timeliness']);
      expect(failures[0]!.detail, seed).toMatch(/^seq \d+ issued to user \d+ by allocator-\d while the latest lease of its section group was granted to allocator-\d \(one issuer at a time\)$/);
      expect(failures[1]!.detail, seed).toMatch(/^lease-grant: seqstore-\d granted allocator-\d the lease \d+ ms after its latest term began/);
    };
    plantShowsOnlyWithAim('store-restart-lease', SEEDS, plantForgetfulStore, judge);
  });
});
