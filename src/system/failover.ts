// MsgStore failover, as a shard's configuration service carries it out when the primary is lost:
// the old primary is fenced off (crashed: it comes back as a replica, since the shard map no longer
// names it), and the live replica whose durable log is the most up to date is promoted in a new
// epoch. It holds every committed entry: a commit is durable on a majority, and the live replicas
// must be a majority too, so one of them holds it, and the most up-to-date log holds all that any
// does. With fewer live replicas than a majority nothing is promoted: the shard waits for its old
// primary to come back, as after a plain crash.
import { EV_PROMOTED } from './events.js';
import type { MsgStore } from './msgStore.js';
import { atLeastAsRecent } from './replicatedLog.js';
import { majorityOf } from './topology.js';
import type { World } from './world.js';

/** Fails `shard` over; returns the promoted replica, or undefined if too few replicas are live. */
export function failOver(world: World, shard: number): MsgStore | undefined {
  const { sim, topology } = world;
  const group = topology.msgStoreGroups[shard]!;
  const previous = topology.msgStorePrimary[shard]!;
  sim.crash(previous, 'failover');
  const live = world.msgStores.filter((store) => group.includes(store.id) && store.id !== previous && store.up);
  if (live.length < majorityOf(group.length)) return undefined;
  // The planted bug: promote the first live replica, whatever its log holds.
  const anyReplica = world.spec.knobs.mutants.has('failover-to-any-replica');
  const chosen = anyReplica ? live[0]! : live.reduce((best, store) => (atLeastAsRecent(best.logEntries, best.durableLog, store.durableLog) ? best : store));
  const epoch = topology.msgStoreEpoch[shard]! + 1;
  topology.msgStoreEpoch[shard] = epoch;
  topology.msgStorePrimary[shard] = chosen.id;
  chosen.emit(EV_PROMOTED, shard, epoch, previous);
  chosen.promote(epoch);
  return chosen;
}
