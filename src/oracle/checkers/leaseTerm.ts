// timeliness, lease-term: a max_seq store's lease runs one term (allocatorLeaseMs) from its latest
// grant or renewal, or from the store's own start, by the store's clock; it refuses the group to
// another allocator only until that term and the clock-skew margin are over. A store that added a
// term to the one still running at every renewal (a renewal a third into the term pushed its end
// out by a term and a third) made a standby wait out leases the owner had long stopped renewing:
// after an owner's failure, deliveries waited 15 s instead of 3, and the failover excused it.
// Judged as the store refuses (network.watchSends), against when it last said yes: a grant's answer
// goes once its write is durable, after the store set the term, so the oracle's term ends no
// sooner than the store's.
// lease-grant: and the other way, a store grants the group to another allocator than the one it
// last granted only once that term and the margin are over: the holder may still believe in its
// lease until then. A store that forgot at a restart the lease it had granted just before gave the
// group to a standby at once, and for up to a term two allocators each held it (lease grants x1.6,
// max_seq writes x1.2); where the old owner issued nothing meanwhile, every rule held. A term the
// oracle dates from a grant's answer began a disk write earlier, at the store's decision, so a grant
// after one is allowed that write's longest time sooner.
import { traceKindByName } from '../../sim/traceKinds.js';
import type { LeaseResp } from '../../system/wire.js';
import { formatBudgetMs, TIMER_ROUNDING_US } from '../bounds.js';
import type { CheckerContext } from '../checker.js';
import { PerProcess } from '../perProcess.js';

export const LEASE_TERM = 'lease-term';
export const LEASE_GRANT = 'lease-grant';

export function leaseTerm(invariant: string, { sim, sink, knobs, bounds, paths }: CheckerContext): void {
  const termUs = knobs.allocatorLeaseUs + knobs.clockSkewMaxUs;
  const heldForUs = termUs + TIMER_ROUNDING_US;
  /** Per store: when, by its clock, its latest term began (a start counts as one). */
  const termFromUs = new PerProcess(0);
  /** Per store: whether its latest term began with a written grant (dated a disk write late). */
  const termWritten = new PerProcess(0);
  /** Per store: the allocator it granted last (-1: its group's first owner, the world's). */
  const holderOf = new PerProcess(-1);
  const holder = (store: number): number => {
    const granted = holderOf.get(store);
    if (granted >= 0) return granted;
    const { seqStores, allocatorGroups } = paths.routes.topology;
    return allocatorGroups[seqStores.indexOf(store)]?.[0] ?? -1;
  };
  sim.trace.on(traceKindByName('restart')!, (_t, process) => {
    termFromUs.set(process, sim.localNowUs(process));
    termWritten.set(process, 0);
  });
  sim.network.watchSends('lease-resp', (store, asker, message) => {
    const resp = message as LeaseResp;
    const localUs = sim.localNowUs(store);
    const sinceUs = localUs - termFromUs.get(store);
    if (resp.granted) {
      const previous = holder(store);
      if (asker !== previous && sinceUs < termUs - (termWritten.get(store) === 1 ? bounds.serverWriteMaxUs : 0)) {
        const detail = `${LEASE_GRANT}: ${sim.process(store).name} granted ${sim.process(asker).name} the lease ${formatBudgetMs(sinceUs)} after its latest term began (a grant or renewal to ${sim.process(previous).name}, or its own start), by its clock (the holder may believe in it for a term, ${formatBudgetMs(knobs.allocatorLeaseUs)}, and the clock-skew margin ${formatBudgetMs(knobs.clockSkewMaxUs)})`;
        sink.violate(invariant, { kind: LEASE_GRANT, detail });
      }
      holderOf.set(store, asker);
      termFromUs.set(store, localUs);
      termWritten.set(store, resp.sectionMax === null ? 0 : 1);
      return;
    }
    if (sinceUs < heldForUs) return;
    const detail = `${LEASE_TERM}: ${sim.process(store).name} refused ${sim.process(asker).name} the lease ${formatBudgetMs(sinceUs)} after the term it last granted began, by its clock (a term is ${formatBudgetMs(knobs.allocatorLeaseUs)}, and the clock-skew margin ${formatBudgetMs(knobs.clockSkewMaxUs)})`;
    sink.violate(invariant, { kind: LEASE_TERM, detail });
  });
}
