// timeliness, store-write: a max_seq store writes its disk only to grant a lease or to raise a
// section's max_seq, and each of its writes that lands is traced as one of them in that instant
// (lease-granted, maxseq-durable). A renewal by the lease's holder changes nothing on disk, and is
// answered at once. A store that made a synced write of every renewal, answering once it landed,
// wrote its disk 89% more often (a write per section group a second, for as long as the run) and
// answered every renewal a disk write late; every rule held.
import { traceKindByName } from '../../sim/traceKinds.js';
import { EV_LEASE_GRANTED, EV_MAXSEQ_DURABLE } from '../../system/events.js';
import { formatBudgetMs } from '../bounds.js';
import type { CheckerContext } from '../checker.js';
import { InstantSuspects } from '../instantSuspects.js';

export const STORE_WRITE = 'store-write';

/** Judges the store writes that landed before `nowUs` and were neither (the run's tick). */
export function storeWrites(invariant: string, { sim, sink, paths }: CheckerContext): (nowUs: number) => void {
  /** Each store write that landed, until the grant or raise traced in its handler excuses it. */
  const writes = new InstantSuspects();
  sim.trace.on(traceKindByName('disk-written')!, (timeUs, process) => {
    if (paths.routes.topology.seqStores.includes(process)) writes.add(timeUs, process, process);
  });
  const traced = (timeUs: number, store: number): void => writes.excuse(timeUs, store, store);
  sim.trace.on(EV_LEASE_GRANTED, traced);
  sim.trace.on(EV_MAXSEQ_DURABLE, traced);
  return (nowUs) =>
    writes.judge(nowUs - 1, (store, _same, _value, landedUs) => {
      const detail = `${STORE_WRITE}: a disk write of ${sim.process(store).name} landed at ${formatBudgetMs(landedUs)} and was neither a lease grant nor a max_seq raise (a max_seq store writes only those; a renewal is answered from memory)`;
      sink.violate(invariant, { kind: STORE_WRITE, detail });
    });
}
