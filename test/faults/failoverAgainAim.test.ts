// The targeted swarm's aim at two failovers in a row: a shard fails over while its primary writes
// appends it cannot replicate, and again as that deposed primary comes back as a replica, the new
// primary cut off meanwhile. Only the comparison of the last entries' epochs then keeps the
// deposed primary's longer log, with the tail it wrote cut off, from being promoted. A failover that
// chose the longest log lost and duplicated acked messages, and no run of the swarm without this
// aim showed it. Drawn from a stream of its own, it leaves every other fault of a seed as it was.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReadableLog } from '../../src/system/memoryLog.js';
import type { LogEntries } from '../../src/system/logEntries.js';
import { plantShowsOnlyWithAim, seedsGainingOwnStreamAim, type Fault } from './aimStream.js';

/** The planted bug, while true: a failover takes the longer log for the more up to date, whatever its epochs. */
let longestWins = false;

vi.mock('../../src/system/replicatedLog.js', async (importOriginal) => {
  const log = await importOriginal<typeof import('../../src/system/replicatedLog.js')>();
  return {
    ...log,
    atLeastAsRecent: (entries: LogEntries, a: ReadableLog, b: ReadableLog) =>
      longestWins && a.length !== b.length ? a.length > b.length : log.atLeastAsRecent(entries, a, b),
  };
});

afterEach(() => {
  longestWins = false;
});

const isFailoverAgainAim = (fault: Fault) => fault.kind === 'msgstore-failover' && (fault.on === 'commit' || fault.on === 'restart');

/** mutant-hunt swarm seeds whose draw has the aim, and where the planted bug then fails. */
const SEEDS = ['7', '29', '67'];

describe('the aim at two failovers in a row', () => {
  it('draws from a stream of its own: without it, every seed draws every other fault as it does with it', () => {
    expect(seedsGainingOwnStreamAim('failover-again', isFailoverAgainAim)).toBeGreaterThan(40);
  });

  it('shows a failover that takes the longest log for the most up to date, which the swarm without it does not', () => {
    const judge = (failures: { readonly name: string }[], seed: string) => expect(failures.map((f) => f.name), seed).toContain('commit-quorum');
    plantShowsOnlyWithAim('failover-again', SEEDS, () => (longestWins = true), judge);
  });
});
