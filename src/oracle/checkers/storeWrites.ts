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

export const STORE_WRITE = 'store-write';

/** Judges a store write that landed before `nowUs` and was neither (the run's tick). */
export function storeWrites(invariant: string, { sim, sink, paths }: CheckerContext): (nowUs: number) => void {
  /** The store whose write landed last and is not yet traced as a grant or a raise (-1: none), and when. */
  let pendingStore = -1;
  let landedUs = 0;
  const judge = (): void => {
    if (pendingStore < 0) return;
    const detail = `${STORE_WRITE}: a disk write of ${sim.process(pendingStore).name} landed at ${formatBudgetMs(landedUs)} and was neither a lease grant nor a max_seq raise (a max_seq store writes only those; a renewal is answered from memory)`;
    pendingStore = -1;
    sink.violate(invariant, { kind: STORE_WRITE, detail });
  };
  // The write's own events follow its disk-written in the same step, before any other write lands.
  sim.trace.on(traceKindByName('disk-written')!, (timeUs, process) => {
    judge();
    if (!paths.routes.topology.seqStores.includes(process)) return;
    pendingStore = process;
    landedUs = timeUs;
  });
  const traced = (_t: number, store: number): void => {
    if (store === pendingStore) pendingStore = -1;
  };
  sim.trace.on(EV_LEASE_GRANTED, traced);
  sim.trace.on(EV_MAXSEQ_DURABLE, traced);
  return (nowUs) => {
    if (nowUs > landedUs) judge();
  };
}
