// timeliness, a failover: a MsgStore failover promotes a replica whenever it can. The shard's
// configuration service fences the old primary off (crashes it at 'failover') and, whenever the
// live replicas are a majority of the group, promotes the most up-to-date of them at once. One that
// asked for more than a majority never promoted with one replica of three down: the shard waited
// for its old primary to come back, sends stalled for the whole fault within every deadline, and in
// production a machine that does not come back is an outage that does not end.
// And never with fewer: a replica promoted with less than a majority of the group live may lack
// entries a majority committed (one that promoted any survivor "to stay available" lost acked
// messages in a few runs and, where nothing was lost, broke no rule at all).
// The oracle counts the live replicas itself, from the kernel's crashes and restarts.
import { TK_RESTART } from '../../sim/simulation.js';
import { hashString, traceKindByName } from '../../sim/traceKinds.js';
import { EV_PROMOTED } from '../../system/events.js';
import type { CheckerContext } from '../checker.js';
import { majority } from '../paths.js';
import { PerProcess } from '../perProcess.js';

export const FAILOVER = 'failover';

/** The crash point a failover fences the old primary off at (failover.ts). */
const FENCED = hashString('failover');

export function failoverPromotes(invariant: string, { sim, sink, paths }: CheckerContext): (nowUs: number) => void {
  const { routes } = paths;
  /** 1 for a process that crashed and has not restarted. */
  const down = new PerProcess(0);
  /** Shards failed over with a majority of their replicas live, and when, until one is promoted. */
  const owed = new Map<number, { readonly atUs: number; readonly previous: number; readonly live: number }>();
  /** How many of the shard's replicas other than `fenced` are live. */
  const liveBesides = (shard: number, fenced: number): number => {
    let live = 0;
    for (const id of routes.topology.msgStoreGroups[shard]!) if (id !== fenced && down.get(id) === 0) live++;
    return live;
  };
  sim.trace.on(traceKindByName('crash')!, (timeUs, process, point) => {
    down.set(process, 1);
    const shard = point === FENCED ? routes.shardIfStore(process) : undefined;
    if (shard === undefined) return;
    const live = liveBesides(shard, process);
    if (live >= majority(routes.topology.msgStoreGroups[shard]!.length)) owed.set(shard, { atUs: timeUs, previous: process, live });
  });
  sim.trace.on(TK_RESTART, (_t, process) => down.set(process, 0));
  sim.trace.on(EV_PROMOTED, (_t, store, shard, _epoch, previous) => {
    owed.delete(shard);
    const group = routes.topology.msgStoreGroups[shard]!;
    const live = liveBesides(shard, previous);
    if (live >= majority(group.length)) return;
    const detail = `${FAILOVER}: shard ${shard} promoted ${sim.process(store).name} with ${live} of its ${group.length} replicas live, fewer than a majority (the most up-to-date of so few may lack entries a majority committed)`;
    sink.violate(invariant, { kind: FAILOVER, detail });
  });
  return (nowUs) => {
    for (const [shard, { atUs, previous, live }] of owed) {
      if (nowUs <= atUs) continue;
      owed.delete(shard);
      const size = routes.topology.msgStoreGroups[shard]!.length;
      const detail = `${FAILOVER}: shard ${shard} was failed over (${sim.process(previous).name} fenced off) with ${live} of its ${size} replicas live, a majority, and none was promoted`;
      sink.violate(invariant, { kind: FAILOVER, detail });
    }
  };
}
