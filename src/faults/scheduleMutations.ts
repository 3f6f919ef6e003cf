// Mutations of a fault schedule, for the coverage-guided hunt: shift a fault's time, retarget it,
// add one, or drop one. Each is a pure function of the scenario and the random stream, and keeps the
// scenario valid: times stay within the workload, targets name what the world has.
import type { RandomStream } from '../sim/random.js';
import type { Scenario } from '../scenario/schema.js';
import { AIMS } from './aims.js';
import { FAULT_KIND_NAMES, type FaultKind } from './kinds.js';
import { DRAWS, firesSurely } from './swarm.js';
import { serverInstances } from '../scenario/faultTargets.js';
import { roleOfMoment } from './moments.js';
import { KIND_ACTS_ON, parseSelector, SERVER_ROLES } from './targets.js';

type Fault = Scenario['faults'][number];

export const MUTATION_NAMES = ['shift', 'retarget', 'add', 'drop'] as const;
export type MutationName = (typeof MUTATION_NAMES)[number];

/** Kinds whose target goes with another field (a crash point's role, a partition's other side): retargeting draws them again. */
const REDRAWN_KINDS: ReadonlySet<FaultKind> = new Set(['crash-point', 'partition', 'platform-off', 'directory-change']);
const DEVICE_SELECTORS = ['devices-any', 'devices-*', 'devices-10%', 'devices-25%', 'devices-50%', 'devices-ios', 'devices-android', 'devices-desktop'];

/** The scenario with one mutation applied; returns the mutation's name with it. */
export function mutateSchedule(scenario: Scenario, r: RandomStream): { scenario: Scenario; mutation: MutationName } {
  const faults = [...scenario.faults];
  // Nothing to shift, retarget or drop in an empty schedule: add.
  let mutation: MutationName = faults.length === 0 ? 'add' : r.pick(MUTATION_NAMES);
  const index = faults.length === 0 ? 0 : r.int(0, faults.length);
  // The last fault sure to fire is shifted, not dropped: left with faults waiting for moments that
  // may never come, a run in which none fired would fail faults-fired, a false alarm of the hunt.
  if (mutation === 'drop' && firesSurely(faults[index]!) && faults.filter(firesSurely).length === 1) mutation = 'shift';
  switch (mutation) {
    case 'shift':
      faults[index] = { ...faults[index]!, at: clampAt(scenario, faults[index]!.at + r.int(-1, 2) * r.int(0, Math.round(scenario.durationMs * 0.2) + 1)) };
      break;
    case 'retarget':
      faults[index] = retarget(scenario, faults[index]!, r);
      break;
    case 'add':
      faults.push(drawFault(scenario, r));
      break;
    case 'drop':
      faults.splice(index, 1);
      break;
  }
  return { scenario: { ...scenario, faults: faults.sort((a, b) => a.at - b.at) }, mutation };
}

/** A new fault: half the time one of the targeted swarm's aims, else any kind as the classic swarm draws it. */
function drawFault(scenario: Scenario, r: RandomStream): Fault {
  const at = r.int(Math.round(scenario.durationMs * 0.05), Math.round(scenario.durationMs * 0.85) + 1);
  return { at, ...(r.bernoulli(0.5) ? r.pick(AIMS).draw(r, scenario) : DRAWS[r.pick(FAULT_KIND_NAMES)](r, scenario)) };
}

function retarget(scenario: Scenario, fault: Fault, r: RandomStream): Fault {
  const kind = fault.kind as FaultKind;
  if (REDRAWN_KINDS.has(kind) && fault.on === undefined) return { ...DRAWS[kind](r, scenario), at: fault.at };
  const selector = parseSelector(fault.target);
  if (typeof selector === 'string' || selector.kind === 'platform-service') return fault;
  if (selector.kind === 'server' || selector.kind === 'any-server') {
    // A fault timed to a moment keeps to the role that reaches it (a moment of any process: its target's role).
    // So does a kind that acts on one role only (allocator-failover on allocators).
    const reaching = fault.on === undefined ? undefined : roleOfMoment(fault.on);
    const actsOn = KIND_ACTS_ON[kind];
    const only = actsOn !== undefined && actsOn !== 'device' && actsOn !== 'platform' ? actsOn : undefined;
    const role = only ?? (reaching !== undefined && reaching !== 'device' ? reaching : fault.on !== undefined && selector.kind === 'server' ? selector.role : r.pick(SERVER_ROLES));
    const count = serverInstances(scenario.servers, role);
    return { ...fault, target: `${role}-${r.pick(['any', '*', String(r.int(0, count))])}` };
  }
  return { ...fault, target: r.bernoulli(0.25) ? `user-${r.int(0, scenario.users.count)}` : r.pick(DEVICE_SELECTORS) };
}

function clampAt(scenario: Scenario, atMs: number): number {
  return Math.max(0, Math.min(scenario.durationMs, atMs));
}
