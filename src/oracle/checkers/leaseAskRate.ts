// timeliness, lease-rate: an allocator asks its max_seq store for the lease once every third of the
// lease (owners renew, standbys ask to take over), and no more often: each incarnation's asks are at
// least allocatorLeaseMs/3 apart, the first as it starts. leaseHolding.ts judges that the asks come
// often enough; this judges that they come no faster. An allocator that asked again whenever a seq
// request found it with no lease (after a restart) ran a second renewal chain: twice the lease
// traffic on the store (489 asks for 462 in a restart run), every rule held.
// Counted as the allocator sends (network.watchSends): the network's losses, copies and replays
// (a replaying dc link, a duplicating one) do not count, so none needs excusing. Timers run on the
// simulation's clock (a clock fault offsets a process's clock, not its rate) and a pause only delays
// them, so the gap is exact: no jitter or hop allowance. A restart starts a new incarnation, which
// asks at once: the gap is judged within one incarnation only.
import { formatBudgetMs, TIMER_ROUNDING_US } from '../bounds.js';
import type { CheckerContext } from '../checker.js';
import { PerProcess } from '../perProcess.js';

export const LEASE_RATE = 'lease-rate';

export function leaseAskRate(invariant: string, { sim, sink, knobs }: CheckerContext): void {
  const askGapMinUs = knobs.allocatorLeaseUs / 3 - TIMER_ROUNDING_US;
  /** Per allocator: when it last asked, and in which incarnation. */
  const askedUs = new PerProcess(-1);
  const askedIn = new PerProcess(-1);
  sim.network.watchSends('lease-req', (allocator, store) => {
    const nowUs = sim.nowUs;
    const incarnation = sim.process(allocator).incarnation;
    const lastUs = askedUs.get(allocator);
    const sameLife = askedIn.get(allocator) === incarnation;
    askedUs.set(allocator, nowUs);
    askedIn.set(allocator, incarnation);
    if (!sameLife || nowUs - lastUs >= askGapMinUs) return;
    const detail = `${LEASE_RATE}: ${sim.process(allocator).name} asked ${sim.process(store).name} for the lease ${formatBudgetMs(nowUs - lastUs)} after its ask before, in the same incarnation (one ask every ${formatBudgetMs(knobs.allocatorLeaseUs / 3)}, a third of the lease)`;
    sink.violate(invariant, { kind: LEASE_RATE, detail });
  });
}
