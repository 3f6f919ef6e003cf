// The faults of replicated storage: a MsgStore failover, an allocator failover by lease, and a
// power loss. Each starts the system's own recovery (failover.ts, the lease in seqStore.ts), or
// leaves the system to find out; none reaches into a process's state. Each returns how it ends,
// and the processes it disturbs beyond its targets (the rest of the replica or section group).
import type { Process } from '../sim/process.js';
import type { RandomStream } from '../sim/random.js';
import { failOver } from '../system/failover.js';
import type { World } from '../system/world.js';
import type { FaultSpec } from './kinds.js';

export interface Ending {
  readonly end: () => void;
  readonly peers: readonly number[];
}

/**
 * Each target's shard: its primary is cut off from its replicas for lagUs (a primary that cannot
 * reach them is what gets a shard failed over), then fenced off and replaced. The old primary is
 * restarted when the fault ends; the shard map names it a replica by then.
 */
export function msgStoreFailover(world: World, spec: FaultSpec, targets: readonly Process[], random: RandomStream): Ending {
  const { sim, topology } = world;
  const network = sim.network;
  const shards = groupsOf(topology.msgStoreGroups, targets);
  const members = shards.flatMap((shard) => topology.msgStoreGroups[shard]!);
  const cuts: number[] = [];
  const failed: number[] = [];
  let ended = false;
  for (const shard of shards) {
    const primary = topology.msgStorePrimary[shard]!;
    const replicas = topology.msgStoreGroups[shard]!.filter((id) => id !== primary);
    // One replica falls behind while the other keeps up, or the primary is alone (as it always is
    // in a shard without replicas: it is fenced off and, with no replica to promote, comes back as
    // the primary when the fault ends).
    const cutOff = spec.cut === 'one' && replicas.length > 0 ? [random.pick(replicas)] : replicas;
    cuts.push(network.partition([primary], cutOff));
  }
  sim.at(sim.nowUs + (spec.lagUs ?? 0), 'failover', () => {
    if (ended) return;
    for (const cut of cuts) network.heal(cut);
    for (const shard of shards) {
      failed.push(topology.msgStorePrimary[shard]!);
      failOver(world, shard);
    }
  });
  return {
    peers: members.filter((id) => !targets.some((target) => target.id === id)),
    end: () => {
      ended = true;
      for (const cut of cuts) network.heal(cut);
      for (const id of failed) sim.restart(id);
    },
  };
}

/**
 * Each target's section group: its owner is paused (its clock stepped back first); the lease it
 * cannot renew lapses and a standby takes over. At the end the old owner resumes, and its clock
 * is put right once any lease it could still believe in has run out.
 */
export function allocatorFailover(world: World, spec: FaultSpec, targets: readonly Process[]): Ending {
  const { sim, topology } = world;
  const groups = groupsOf(topology.allocatorGroups, targets);
  // An owner already down has no lease to lose, and one already paused is another such fault's.
  const owners = groups.map((group) => topology.allocatorOwner[group]!).filter((owner) => sim.process(owner).up && !sim.isPaused(owner));
  const skewUs = spec.skewUs ?? 0;
  for (const owner of owners) {
    // Set, not added: a clock is never further behind than one fault says, so within the margin.
    if (skewUs > 0) sim.setClockOffset(owner, -skewUs);
    sim.pause(owner);
  }
  const members = groups.flatMap((group) => [...topology.allocatorGroups[group]!, topology.seqStores[group]!]);
  return {
    peers: members.filter((id) => !targets.some((target) => target.id === id)),
    end: () => {
      for (const owner of owners) {
        sim.resume(owner);
        if (skewUs > 0) sim.at(sim.nowUs + world.spec.knobs.allocatorLeaseUs + skewUs, 'clock put right', () => sim.setClockOffset(owner, 0));
      }
    },
  };
}

/** The targets lose power; they come back when the fault ends. */
export function powerLoss(world: World, targets: readonly Process[]): Ending {
  const ids = targets.map((target) => target.id);
  for (const id of ids) world.sim.powerLoss(id);
  return { peers: [], end: () => ids.forEach((id) => world.sim.restart(id)) };
}

/** The groups (shards, section groups) the targets belong to, each once; a target of another role has none. */
function groupsOf(groups: readonly (readonly number[])[], targets: readonly Process[]): number[] {
  return groups.flatMap((group, index) => (targets.some((target) => group.includes(target.id)) ? [index] : []));
}
