// Swarm mode: each seed draws its own mix of fault kinds and intensities (and a few knobs), so a
// sweep explores combinations no hand-written schedule would. The draw is a pure function of the
// scenario and seed, and lands in the scenario itself, so a report replays it exactly.
import { RandomStream } from '../sim/random.js';
import type { Scenario } from '../scenario/schema.js';
import { CRASH_POINTS, type CrashPointRole } from '../system/crashPoints.js';
import type { FaultKind } from './kinds.js';
import { DC_PROFILE_NAMES } from './profiles.js';

type Fault = Scenario['faults'][number];

const WEAK_PROFILES = ['2g', '3g', 'lossy-wifi', 'subway-tunnel', 'elevator'] as const;
/** Servers whose data-centre links a dc-link fault degrades: one, a whole tier, or the stores and their allocators. */
const DC_TARGETS = ['servers-any', 'msgstore-*', 'msgstore-any', 'allocator-*', 'sendsvr-*', 'receivesvr-any', 'connectsvr-*', 'pushsvr-*'];
const CRASH_ROLES = ['connectsvr', 'sendsvr', 'receivesvr', 'msgstore', 'pushsvr', 'allocator'] as const;
const POINT_TARGETS: Record<CrashPointRole, string> = {
  sendsvr: 'sendsvr-*',
  allocator: 'allocator-*',
  msgstore: 'msgstore-*',
  receivesvr: 'receivesvr-*',
  device: 'devices-*',
};

/** One way to draw a fault of each kind: target, duration, extras. */
const DRAWS: Record<FaultKind, (r: RandomStream) => Omit<Fault, 'at'>> = {
  crash: (r) => ({ kind: 'crash', target: `${r.pick(CRASH_ROLES)}-any`, for: r.int(300, 8_000) }),
  'crash-point': (r) => {
    const role = r.pick(Object.keys(CRASH_POINTS) as CrashPointRole[]);
    return { kind: 'crash-point', target: POINT_TARGETS[role], point: r.pick(CRASH_POINTS[role]), for: r.int(300, 5_000) };
  },
  // Between devices and the access layer, and between every pair of server kinds that talk.
  partition: (r) =>
    r.pick([
      { kind: 'partition', target: 'pushsvr-any', to: 'connectsvr-*', oneWay: r.bernoulli(0.5), for: r.int(1_000, 20_000) },
      { kind: 'partition', target: 'sendsvr-any', to: 'msgstore-any', oneWay: r.bernoulli(0.5), for: r.int(500, 6_000) },
      { kind: 'partition', target: 'receivesvr-any', to: 'msgstore-any', oneWay: r.bernoulli(0.5), for: r.int(500, 6_000) },
      { kind: 'partition', target: 'devices-25%', to: 'connectsvr-any', oneWay: r.bernoulli(0.5), for: r.int(1_000, 30_000) },
      { kind: 'partition', target: 'msgstore-any', to: 'allocator-*', oneWay: r.bernoulli(0.5), for: r.int(500, 6_000) },
      { kind: 'partition', target: 'connectsvr-any', to: 'sendsvr-*', oneWay: r.bernoulli(0.5), for: r.int(500, 8_000) },
      { kind: 'partition', target: 'connectsvr-any', to: 'receivesvr-*', oneWay: r.bernoulli(0.5), for: r.int(500, 8_000) },
      { kind: 'partition', target: 'sendsvr-any', to: 'pushsvr-*', oneWay: r.bernoulli(0.5), for: r.int(500, 8_000) },
    ]),
  'half-open': (r) => ({ kind: 'half-open', target: r.pick(['devices-any', 'devices-10%', 'devices-ios']) }),
  'break-connections': (r) => ({ kind: 'break-connections', target: r.pick(['devices-any', 'devices-25%', 'connectsvr-any']) }),
  'network-profile': (r) => ({ kind: 'network-profile', target: r.pick(['devices-any', 'devices-25%', 'devices-*']), profile: r.pick(WEAK_PROFILES), for: r.int(5_000, 40_000) }),
  stall: (r) => ({ kind: 'stall', target: r.pick(['devices-any', 'devices-10%']), for: r.int(1_000, 15_000) }),
  offline: (r) => ({ kind: 'offline', target: r.pick(['devices-any', 'devices-10%', 'devices-50%']), for: r.int(2_000, 45_000) }),
  kill: (r) => ({ kind: 'kill', target: r.pick(['devices-any', 'devices-10%']), for: r.int(1_000, 20_000) }),
  background: (r) => ({ kind: 'background', target: r.pick(['devices-ios', 'devices-25%', 'devices-any']), for: r.int(5_000, 60_000) }),
  reinstall: () => ({ kind: 'reinstall', target: 'devices-any' }),
  'platform-off': (r) => ({ kind: 'platform-off', target: r.pick(['platform-*', 'apns']), for: r.int(5_000, 60_000) }),
  'dc-link': (r) => ({ kind: 'dc-link', target: r.pick(DC_TARGETS), profile: r.pick(DC_PROFILE_NAMES), for: r.int(2_000, 40_000) }),
};

export interface SwarmOptions {
  /** Fault kinds to leave out of the draw (the others are drawn exactly as they would be with them). */
  readonly without?: readonly FaultKind[];
}

/** The scenario with its faults replaced by this seed's swarm draw, and a few knobs varied. */
export function swarmScenario(scenario: Scenario, seed: string, options: SwarmOptions = {}): Scenario {
  const random = new RandomStream(`${seed}/swarm`);
  const durationMs = scenario.durationMs;
  const faults: Fault[] = [];
  for (const kind of Object.keys(DRAWS) as FaultKind[]) {
    // Swarm testing: each kind is in or out for this seed; those in strike one to four times.
    if (!random.bernoulli(0.5)) continue;
    const strikes = random.int(1, 5);
    for (let i = 0; i < strikes; i++) faults.push({ at: random.int(Math.round(durationMs * 0.05), Math.round(durationMs * 0.85)), ...DRAWS[kind](random) });
  }
  faults.sort((a, b) => a.at - b.at);
  const without = new Set(options.without ?? []);
  return {
    ...scenario,
    faults: faults.filter((fault) => !without.has(fault.kind as FaultKind)),
    knobs: {
      ...scenario.knobs,
      // Small pages and steps make paging and seq jumps happen in short runs.
      pageSize: random.pick([3, 10, 50]),
      allocStep: random.pick([5, 100, 10_000]),
      sectionSize: random.pick([1, 10, 100]),
      // Short background fetch periods make a backgrounded app wake several times in a short run.
      backgroundFetchMs: random.pick([15_000, 40_000, 120_000]),
    },
    platformPush: { ...scenario.platformPush, enabled: random.bernoulli(0.85), dropRate: random.pick([0, 0.02, 0.3]) },
    // Half the runs leave background apps in the background at the heal: the wake path is judged.
    heal: { foreground: random.bernoulli(0.5) },
    // Bursts in half the runs: appends to one inbox overlap, queues build.
    workload: {
      ...scenario.workload,
      burstChance: Math.max(scenario.workload.burstChance, random.pick([0, 0.3])),
    },
  };
}
