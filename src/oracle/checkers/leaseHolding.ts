// timeliness, the lease: an allocator owner holds its section group's lease while nothing disturbs
// it, and gets it back at once when it restarts.
//   - Asked for: every allocator asks its max_seq store every third of the lease (owners renew,
//     standbys ask to take over), so a renewal has two chances to spare. An owner that renewed once
//     per lease let it lapse at every renewal: seq requests waited each time, a lost renewal handed
//     the group to a standby, acks took 15 s instead of 3 after a failover, and every rule held.
//     Judged between two asks of one allocator (as they land), unless a fault touched it or its store.
//   - Kept: the lease moves to a standby only where a fault touched the owner or the max_seq store
//     during the ownership (or the data-centre links lose datagrams by design, or replay them).
//   - Given back: a restarted owner (or every first owner, as the run starts) asks at once, and the
//     store, which still names it, grants it a new ownership within a data-centre hop and a disk
//     write (one ask later if a grant was in progress). A store that made it wait out its own old
//     lease stalled every send for four seconds after each allocator restart, and at the start.
//     Not judged where a fault touched the store meanwhile, or since the owner's last grant (a store
//     that crashed while granting may name another), or held back the owner's datagrams; an owner
//     that crashes again owes its ask anew when it restarts.
import { IdMap } from '../../sim/idMap.js';
import { TK_RESTART } from '../../sim/simulation.js';
import { EV_LEASE_GRANTED } from '../../system/events.js';
import { formatBudgetMs } from '../bounds.js';
import type { CheckerContext } from '../checker.js';
import { PerProcess } from '../perProcess.js';

export const LEASE = 'lease';

export function leaseHolding(invariant: string, { sim, sink, knobs, bounds, paths, replays, heldBack }: CheckerContext): (nowUs: number) => void {
  const { routes } = paths;
  const { topology } = routes;
  const askUs = knobs.allocatorLeaseUs / 3;
  const regrantUs = askUs + bounds.ackAfterCommitUs;
  const lossy = knobs.dataCenterLink.lossRate > 0;
  /** Per group: its owner as the oracle last saw it granted, and when. */
  const granted = new IdMap<{ readonly owner: number; readonly atUs: number }>();
  /** Per group: a restarted owner the store owes a grant, since when. */
  const owed = new Map<number, { readonly owner: number; readonly sinceUs: number }>();
  const ownership = (group: number) => granted.get(group) ?? { owner: topology.allocatorGroups[group]![0]!, atUs: 0 };
  const report = (detail: string) => sink.violate(invariant, { kind: LEASE, detail: `${LEASE}: ${detail}` });
  sim.trace.on(EV_LEASE_GRANTED, (timeUs, store, group, _epoch, owner) => {
    if (owed.get(group)?.owner === owner) owed.delete(group);
    const before = ownership(group);
    granted.set(group, { owner, atUs: timeUs });
    if (owner === before.owner || lossy || replays.during(before.atUs, timeUs)) return;
    if (paths.anyTouched([before.owner, store], before.atUs, timeUs)) return;
    report(`${sim.process(store).name} granted section group ${group}'s lease to ${sim.process(owner).name}, though its owner ${sim.process(before.owner).name} held it since ${formatBudgetMs(before.atUs)} with no fault on it or the store (it renews every ${formatBudgetMs(askUs)})`);
  });
  const askGapMaxUs = askUs + 2 * bounds.dcHopMaxUs;
  /** Per allocator, when its latest ask for the lease landed (or was lost). */
  const askedUs = new PerProcess(-1);
  sim.network.watch('lease-req', (store, allocator) => {
    const nowUs = sim.nowUs;
    const lastUs = askedUs.get(allocator);
    askedUs.set(allocator, nowUs);
    if (lastUs < 0 || nowUs - lastUs <= askGapMaxUs || paths.anyTouched([allocator, store], lastUs, nowUs)) return;
    if (heldBack.touched(allocator, lastUs, nowUs) || heldBack.touched(store, lastUs, nowUs)) return;
    report(`${sim.process(allocator).name} asked its max_seq store for the lease ${formatBudgetMs(nowUs - lastUs)} after its ask before, with no fault on it (an ask every ${formatBudgetMs(askUs)}, each within a data-centre hop)`);
  });
  sim.trace.on(TK_RESTART, (timeUs, process) => {
    const group = routes.groupIfAllocator(process);
    if (group !== undefined && ownership(group).owner === process) owed.set(group, { owner: process, sinceUs: timeUs });
  });
  let started = false;
  return (nowUs) => {
    // Every first owner started with the run: a group not granted by the first judging owes it since then.
    if (!started) {
      started = true;
      for (let group = 0; group < topology.allocatorGroups.length; group++) {
        if (granted.get(group) === undefined) owed.set(group, { owner: ownership(group).owner, sinceUs: 0 });
      }
    }
    for (const [group, { owner, sinceUs }] of owed) {
      if (nowUs - sinceUs <= regrantUs) continue;
      owed.delete(group);
      const store = topology.seqStores[group]!;
      const { owner: named, atUs } = ownership(group);
      if (named !== owner || lossy || !sim.process(owner).up || heldBack.touched(owner, sinceUs, nowUs)) continue;
      if (paths.anyTouched([store], Math.min(sinceUs, atUs), nowUs)) continue;
      report(`${sim.process(owner).name}, section group ${group}'s owner, started at ${formatBudgetMs(sinceUs)} and ${sim.process(store).name} granted it no lease within ${formatBudgetMs(regrantUs)} (an ask every ${formatBudgetMs(askUs)}, then a data-centre hop and a disk write)`);
    }
  };
}
