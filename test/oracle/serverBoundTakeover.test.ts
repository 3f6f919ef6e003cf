// server-bound's second rule on a hand-written trace: a MsgStore that takes over an inbox (promoted,
// or back after a restart) must not answer a pull with nothing below a seq committed before it did.
// A new primary that served reads before committing its log's tail again did that: 0 of 100
// storage-failover swarm seeds failed it before this rule, 1 of 100 after (2 of 200 on mutant-hunt).
import { describe, expect, it } from 'vitest';
import type { CheckerContext } from '../../src/oracle/checker.js';
import { serverBound } from '../../src/oracle/checkers/serverBound.js';
import { SeqIndex } from '../../src/oracle/ledger.js';
import { Simulation, TK_RESTART } from '../../src/sim/simulation.js';
import { EV_COMMIT, EV_PROMOTED, EV_READ } from '../../src/system/events.js';

/** User 0 (device 5) lives on the shard of stores 10 and 11; seqs 1 and 2 were committed by store 10. */
function shard() {
  const sim = new Simulation({ seed: 'server-bound' });
  // The ledger's part: the inbox as committed, and the device's user.
  const inbox = new SeqIndex();
  const ledger = { device: () => ({ user: 0 }), inbox: () => inbox, reannounced: false };
  const violations: string[] = [];
  const routes = { msgStoresOf: () => [10, 11] };
  serverBound({ sim, ledger, directory: { users: 1 }, paths: { routes }, sink: { violate: (_name: string, v: { detail: string }) => violations.push(v.detail) } } as unknown as CheckerContext);
  const commit = (seq: number) => {
    inbox.add(seq, 100 + seq);
    sim.trace.emit(EV_COMMIT, 10, 0, seq, 100 + seq, seq);
  };
  commit(1);
  commit(2);
  const read = (store: number, afterSeq: number, bound: number, count: number) => sim.trace.emit(EV_READ, store, 5, afterSeq, bound, count);
  return { sim, violations, read, commit };
}

describe('server-bound after a takeover', () => {
  it('fails an empty answer below a seq committed before the store was promoted', () => {
    const { sim, violations, read } = shard();
    // The old primary's empty answer, and the new one's pages, are no matter.
    read(10, 2, 2, 0);
    sim.trace.emit(EV_PROMOTED, 11, 0, 2, 10);
    read(11, 0, 2, 2);
    read(11, 2, 2, 0);
    expect(violations).toEqual([]);
    read(11, 1, 1, 0);
    expect(violations).toEqual(['a pull from Seq_cli 1 was answered with nothing up to 1, below seq 2 committed before its MsgStore took over the inbox']);
  });

  it('holds a store back after its restart to what was committed before it', () => {
    const { sim, violations, read, commit } = shard();
    sim.trace.emit(TK_RESTART, 10);
    read(10, 0, 0, 0);
    expect(violations).toHaveLength(1);
    // Commits after the takeover are the store's own business: no inherited seq above 2.
    commit(3);
    read(10, 2, 2, 0);
    expect(violations).toHaveLength(1);
  });
});
