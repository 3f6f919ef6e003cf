// Swarm mode varies the world's servers as well as its faults. A bug in how PushSvrs share the
// logins, or in routing across ConnectSvrs, MsgStore shards or allocator groups, shows only where a
// tier has several; one server of a tier leaves a crash nothing to fail over to; two replicas make
// every write wait for both. Before this draw only 2 of the 25 named scenarios ran a second PushSvr,
// and a PushSvr routing bug escaped every other swarm run.
//
// The draw has a stream of its own, so every fault, knob and aim a seed drew is unchanged; half the
// seeds keep the scenario's own servers, so what a scenario was written to show still runs.
import { RandomStream } from '../sim/random.js';
import type { Scenario } from '../scenario/schema.js';

/** The share of seeds that keep the scenario's servers. */
const KEEP_SHARE = 0.5;

/** This seed's servers for a swarm run of `scenario`. */
export function drawServers(scenario: Scenario, seed: string): Scenario['servers'] {
  const random = new RandomStream(`${seed}/swarm-servers`);
  if (random.bernoulli(KEEP_SHARE)) return scenario.servers;
  // Around the defaults (2 of each stateless tier, 1 PushSvr, 3 replicas), so a sweep's cost stays.
  return {
    ...scenario.servers,
    connectSvrs: random.pick([1, 2, 3]),
    sendSvrs: random.pick([1, 2, 3]),
    receiveSvrs: random.pick([1, 2, 3]),
    msgStores: random.pick([1, 2, 3]),
    pushSvrs: random.pick([1, 2, 3]),
    allocators: random.pick([1, 2]),
    msgStoreReplicas: random.pick([2, 3, 3, 5]),
    allocatorStandbys: random.pick([0, 1, 2]),
  };
}
