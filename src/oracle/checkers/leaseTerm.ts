// timeliness, lease-term: a max_seq store's lease runs one term (allocatorLeaseMs) from its latest
// grant or renewal, or from the store's own start, by the store's clock; it refuses the group to
// another allocator only until that term and the clock-skew margin are over. A store that added a
// term to the one still running at every renewal (a renewal a third into the term pushed its end
// out by a term and a third) made a standby wait out leases the owner had long stopped renewing:
// after an owner's failure, deliveries waited 15 s instead of 3, and the failover excused it.
// Judged as the store refuses (network.watchSends), against when it last said yes: a grant's answer
// goes once its write is durable, after the store set the term, so the oracle's term ends no
// sooner than the store's.
import { traceKindByName } from '../../sim/traceKinds.js';
import type { LeaseResp } from '../../system/wire.js';
import { formatBudgetMs, TIMER_ROUNDING_US } from '../bounds.js';
import type { CheckerContext } from '../checker.js';
import { PerProcess } from '../perProcess.js';

export const LEASE_TERM = 'lease-term';

export function leaseTerm(invariant: string, { sim, sink, knobs }: CheckerContext): void {
  const heldForUs = knobs.allocatorLeaseUs + knobs.clockSkewMaxUs + TIMER_ROUNDING_US;
  /** Per store: when, by its clock, its latest term began (a start counts as one). */
  const termFromUs = new PerProcess(0);
  sim.trace.on(traceKindByName('restart')!, (_t, process) => termFromUs.set(process, sim.localNowUs(process)));
  sim.network.watchSends('lease-resp', (store, asker, message) => {
    const resp = message as LeaseResp;
    const localUs = sim.localNowUs(store);
    if (resp.granted) {
      termFromUs.set(store, localUs);
      return;
    }
    const sinceUs = localUs - termFromUs.get(store);
    if (sinceUs < heldForUs) return;
    const detail = `${LEASE_TERM}: ${sim.process(store).name} refused ${sim.process(asker).name} the lease ${formatBudgetMs(sinceUs)} after the term it last granted began, by its clock (a term is ${formatBudgetMs(knobs.allocatorLeaseUs)}, and the clock-skew margin ${formatBudgetMs(knobs.clockSkewMaxUs)})`;
    sink.violate(invariant, { kind: LEASE_TERM, detail });
  });
}
