// commit-quorum on a hand-written trace: a commit counts the disks of its shard that hold the
// primary's entry (a log as long, ending in the primary's epoch), not the acks the primary got;
// and a disk counted toward a commit must keep the entry; and after the heal every replica holds
// all its shard committed.
import { describe, expect, it } from 'vitest';
import type { CheckerContext } from '../../src/oracle/checker.js';
import { commitQuorum } from '../../src/oracle/checkers/commitQuorum.js';
import type { ViolationFacts } from '../../src/oracle/violation.js';
import { Simulation } from '../../src/sim/simulation.js';
import { EV_COMMIT, EV_LOG_DURABLE, EV_PROMOTED } from '../../src/system/events.js';

function shard() {
  const sim = new Simulation({ seed: 'commit-quorum' });
  // User 7's shard is stores 10-12; every other user's, 20-22.
  const routes = { msgStoresOf: (user: number) => (user === 7 ? [10, 11, 12] : [20, 21, 22]), shardOf: (user: number) => (user === 7 ? 0 : 1) };
  const violations: ViolationFacts[] = [];
  // Names for the report; no process is made here.
  sim.process = ((id: number) => ({ name: `msgstore-${id}` })) as unknown as typeof sim.process;
  const checker = commitQuorum({ sim, paths: { routes }, knobs: { rpcTimeoutUs: 1_000_000 }, sink: { violate: (_name: string, facts: ViolationFacts) => violations.push(facts) } } as unknown as CheckerContext);
  const onDisk = (store: number, lsn: number, epoch: number) => sim.trace.emit(EV_LOG_DURABLE, store, lsn, epoch);
  const commit = (primary: number, lsn: number) => sim.trace.emit(EV_COMMIT, primary, 7, lsn, 100 + lsn, lsn);
  return { sim, violations, onDisk, commit, checker };
}

describe('commit-quorum', () => {
  it('passes a commit a majority of its shard holds on disk, the primary included or not', () => {
    const { violations, onDisk, commit } = shard();
    onDisk(10, 5, 2);
    onDisk(11, 5, 2);
    commit(10, 5);
    // The primary's own write of LSN 6 is not done, but both replicas hold it.
    onDisk(11, 6, 2);
    onDisk(12, 6, 2);
    commit(10, 6);
    expect(violations).toEqual([]);
  });

  it('fails a commit that only the primary holds, naming the entry and the count', () => {
    const { violations, onDisk, commit } = shard();
    onDisk(10, 3, 1);
    // The other shard's disks do not count for this one.
    onDisk(20, 3, 1);
    onDisk(21, 3, 1);
    commit(10, 3);
    expect(violations).toEqual([{ detail: "committed at LSN 3 while 1 of its shard's 3 replicas held it on disk (a majority is 2)", msgId: 103, user: 7, seq: 3 }]);
  });

  it('does not count a disk whose log is long enough but ends in an older epoch, or is too short', () => {
    const { violations, onDisk, commit } = shard();
    // Replica 11 kept a deposed primary's longer log; replica 12 is behind.
    onDisk(11, 9, 1);
    onDisk(12, 4, 2);
    onDisk(10, 6, 2);
    commit(10, 6);
    expect(violations.map((v) => v.detail)).toEqual(["committed at LSN 6 while 1 of its shard's 3 replicas held it on disk (a majority is 2)"]);
    // Once replica 12 writes through 6 in the primary's epoch, the next commit passes.
    onDisk(12, 6, 2);
    commit(10, 6);
    expect(violations).toHaveLength(1);
  });

  it('fails a disk that loses an entry it was counted toward: cut short in the same epoch, or ending in an older one', () => {
    const { violations, onDisk, commit } = shard();
    onDisk(10, 5, 2);
    onDisk(11, 5, 2);
    commit(10, 5);
    onDisk(11, 7, 2);
    expect(violations).toEqual([]);
    // A deposed primary's batch of epoch 1 overwrites it.
    onDisk(11, 8, 1);
    expect(violations).toEqual([{ detail: "a replica's disk lost a committed entry: its log now ends at LSN 8 in epoch 1, after it held LSN 5 of epoch 2 toward a commit", msgId: 105, user: 7, seq: 5 }]);
    // Cut short below the commit in the same epoch.
    onDisk(10, 4, 2);
    expect(violations.map((v) => v.detail)).toContain("a replica's disk lost a committed entry: its log now ends at LSN 4 in epoch 2, after it held LSN 5 of epoch 2 toward a commit");
  });

  it('lets a newer primary cut a disk short, its tail restamped in batches, but not promote a replica short of a commit', () => {
    const { sim, violations, onDisk, commit } = shard();
    onDisk(10, 5, 2);
    onDisk(11, 5, 2);
    onDisk(12, 3, 2);
    commit(10, 5);
    // Replica 11 is promoted in epoch 3: it holds LSN 5. The old primary, back as a replica, takes its
    // tail restamped, the first batch ending at LSN 4.
    sim.trace.emit(EV_PROMOTED, 11, 0, 3, 10);
    onDisk(10, 4, 3);
    onDisk(10, 5, 3);
    expect(violations).toEqual([]);
    // Replica 12 (LSN 3, epoch 2 before its batch) would have lost LSN 5.
    const other = shard();
    other.onDisk(10, 5, 2);
    other.onDisk(11, 5, 2);
    other.onDisk(12, 3, 2);
    other.commit(10, 5);
    other.sim.trace.emit(EV_PROMOTED, 12, 0, 3, 10);
    expect(other.violations.map((v) => v.detail)).toEqual(['a replica whose log ends at LSN 3 in epoch 2 was promoted, short of LSN 5 committed in epoch 2']);
  });

  it('waits after the heal until every replica holds what its shard committed, and names one that never does', () => {
    const { violations, onDisk, commit, checker } = shard();
    expect(checker.settled!()).toBe(true);
    onDisk(10, 6, 2);
    onDisk(11, 6, 2);
    onDisk(12, 4, 2);
    commit(10, 6);
    // Replica 12 is two entries behind: the run is not quiet yet.
    expect(checker.settled!()).toBe(false);
    onDisk(12, 6, 3);
    expect(checker.settled!()).toBe(true);
    checker.finish!();
    expect(violations).toEqual([]);
    // Replica 11 later restamped into epoch 3 but short of LSN 7, committed in epoch 3.
    onDisk(10, 7, 3);
    onDisk(12, 7, 3);
    commit(10, 7);
    onDisk(11, 5, 3);
    expect(checker.settled!()).toBe(false);
    checker.finish!();
    expect(violations.map((v) => v.detail)).toEqual([
      "after the heal, msgstore-11's log ends at LSN 5 in epoch 3 on disk, short of LSN 7 its shard committed in epoch 3: the replica was never caught up",
    ]);
  });
});
