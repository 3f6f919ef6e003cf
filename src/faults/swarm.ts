// Swarm mode: each seed draws its own mix of fault kinds and intensities (and a few knobs), so a
// sweep explores combinations no hand-written schedule would. The draw is a pure function of the
// scenario and seed, and lands in the scenario itself, so a report replays it exactly.
import { systemKnobs } from '../scenario/compile.js';
import { RandomStream } from '../sim/random.js';
import { US_PER_MS } from '../sim/time.js';
import type { Scenario } from '../scenario/schema.js';
import { CRASH_POINTS, type CrashPointRole } from '../system/crashPoints.js';
import type { FaultKind } from './kinds.js';
import type { DcProfileName } from './profiles.js';

type Fault = Scenario['faults'][number];

const WEAK_PROFILES = ['2g', '3g', 'lossy-wifi', 'subway-tunnel', 'elevator'] as const;
/** Servers whose data-centre links a dc-link fault degrades: one, a whole tier, or the stores and their allocators. */
const DC_TARGETS = ['servers-any', 'msgstore-*', 'msgstore-any', 'allocator-*', 'sendsvr-*', 'receivesvr-any', 'connectsvr-*', 'pushsvr-*'];
/**
 * The profiles the classic draw picks from, as they were when seeds came into use: a profile added
 * since (dc-replay) is drawn by an aim of its own stream, so every seed keeps its draw.
 */
const CLASSIC_DC_PROFILES: readonly DcProfileName[] = ['dc-jitter', 'dc-lossy', 'dc-flap', 'dc-bloat', 'dc-reordering', 'dc-congested'];
const CRASH_ROLES = ['connectsvr', 'sendsvr', 'receivesvr', 'msgstore', 'pushsvr', 'allocator'] as const;
/**
 * The roles whose crash points the classic draw picks from, as they were when seeds came into use:
 * a role given crash points since (the max_seq store) is struck by an aim of its own stream, so
 * every seed keeps its draw.
 */
const CLASSIC_POINT_ROLES: readonly CrashPointRole[] = ['sendsvr', 'allocator', 'msgstore', 'receivesvr', 'device'];
const POINT_TARGETS: Record<CrashPointRole, string> = {
  sendsvr: 'sendsvr-*',
  allocator: 'allocator-*',
  msgstore: 'msgstore-*',
  receivesvr: 'receivesvr-*',
  device: 'devices-*',
  seqstore: 'seqstore-*',
};

/** The chance each fault kind is in a seed's draw. */
const KIND_SHARE = 0.3;

/**
 * Kinds whose every draw strikes at its time a server every world has, so it fires for sure. A seed
 * that drew nothing sure to fire (every kind out, about 1 seed in 7,500, or only crash points) draws
 * one of them: its aims wait for moments that may never come, and a run in which no fault fired
 * fails faults-fired (seed 760379 under swarm, found by fresh seeds).
 */
const FLOOR_KINDS: readonly FaultKind[] = ['crash', 'partition', 'dc-link', 'msgstore-failover'];

/** One way to draw a fault of each kind: target, duration, extras. */
export const DRAWS: Record<FaultKind, (r: RandomStream, scenario: Scenario) => Omit<Fault, 'at'>> = {
  crash: (r) => ({ kind: 'crash', target: `${r.pick(CRASH_ROLES)}-any`, for: r.int(300, 8_000) }),
  'crash-point': (r) => {
    const role = r.pick(CLASSIC_POINT_ROLES);
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
  'break-connections': (r) => ({ kind: 'break-connections', target: r.pick(['devices-any', 'devices-25%', 'connectsvr-any', 'devices-*']) }),
  'network-profile': (r) => ({ kind: 'network-profile', target: r.pick(['devices-any', 'devices-25%', 'devices-*']), profile: r.pick(WEAK_PROFILES), for: r.int(5_000, 40_000) }),
  stall: (r) => ({ kind: 'stall', target: r.pick(['devices-any', 'devices-10%']), for: r.int(1_000, 15_000) }),
  offline: (r) => ({ kind: 'offline', target: r.pick(['devices-any', 'devices-10%', 'devices-50%']), for: r.int(2_000, 45_000) }),
  kill: (r) => ({ kind: 'kill', target: r.pick(['devices-any', 'devices-10%']), for: r.int(1_000, 20_000) }),
  background: (r) => ({ kind: 'background', target: r.pick(['devices-ios', 'devices-25%', 'devices-any']), for: r.int(5_000, 60_000) }),
  reinstall: () => ({ kind: 'reinstall', target: 'devices-any' }),
  'platform-off': (r) => ({ kind: 'platform-off', target: r.pick(['platform-*', 'apns']), for: r.int(5_000, 60_000) }),
  'dc-link': (r) => ({ kind: 'dc-link', target: r.pick(DC_TARGETS), profile: r.pick(CLASSIC_DC_PROFILES), for: r.int(2_000, 40_000) }),
  'restore-backup': (r) => ({ kind: 'restore-backup', target: r.pick(['devices-any', 'devices-10%']), for: r.int(5_000, 40_000) }),
  // A phone that dies stays dead a while; a server is replaced faster.
  'silent-host-loss': (r) =>
    r.pick([
      { kind: 'silent-host-loss', target: r.pick(['devices-any', 'devices-10%']), for: r.int(10_000, 90_000) },
      { kind: 'silent-host-loss', target: r.pick(['connectsvr-any', 'servers-any']), for: r.int(2_000, 30_000) },
    ]),
  'directory-change': (r, scenario) => {
    const user = () => `user-${r.int(0, scenario.users.count)}`;
    const target = user();
    const forMs = r.int(5_000, 60_000);
    if (scenario.groups.count === 0 || r.bernoulli(0.4)) return { kind: 'directory-change', change: 'block', target, to: user(), for: forMs };
    return { kind: 'directory-change', change: r.pick(['join', 'leave'] as const), target, group: r.int(0, scenario.groups.count), for: forMs };
  },
  // ---- replicated storage (issue 18) ----
  // A failure detector takes a while: the primary is cut off from its replicas before it is replaced.
  'msgstore-failover': (r) => {
    const lagMs = r.int(500, 4_000);
    // Mostly one replica falls behind (the longest log must be chosen), sometimes the primary is alone.
    return { kind: 'msgstore-failover', target: 'msgstore-any', lagMs, cut: r.pick(['all', 'one', 'one'] as const), for: lagMs + r.int(300, 8_000) };
  },
  // Pauses long enough for the lease to lapse and a standby to take over, and shorter ones; a skew
  // within the margin the design allows, in whole ms (a margin under 1 ms allows none).
  'allocator-failover': (r, scenario) => {
    const forMs = r.int(1_000, 10_000);
    const skewMaxMs = skewMarginMs(scenario);
    return { kind: 'allocator-failover', target: 'allocator-any', for: forMs, skewMs: skewMaxMs < 1 ? 0 : r.pick([0, r.int(1, skewMaxMs + 1)]) };
  },
  'power-loss': (r) => ({ kind: 'power-loss', target: r.pick(['msgstore-any', 'msgstore-*', 'servers-any', 'seqstore-any']), for: r.int(300, 8_000) }),
  // ---- load (issue 18) ----
  // Logins slow enough that a storm of a few dozen devices fills a small login queue.
  'reconnect-storm': (r) => ({ kind: 'reconnect-storm', target: r.pick(['connectsvr-*', 'connectsvr-any']), loginServiceMs: r.pick([100, 300, 1_000]), for: r.int(5_000, 30_000) }),
};

/** Struck at its time, not at a moment or crash point the run may never reach. */
export function firesSurely(fault: Fault): boolean {
  return fault.on === undefined && fault.kind !== 'crash-point';
}

/**
 * `faults` and one fault sure to fire, from a stream of its own: every other seed keeps its draw,
 * and this one keeps its knobs.
 */
function withFloor(faults: Fault[], scenario: Scenario, seed: string, without: ReadonlySet<FaultKind>): Fault[] {
  const kinds = FLOOR_KINDS.filter((kind) => !without.has(kind));
  if (kinds.length === 0) return faults;
  const random = new RandomStream(`${seed}/swarm-floor`);
  const floor = { at: armedAtMs(random, scenario), ...DRAWS[random.pick(kinds)](random, scenario) };
  return [...faults, floor].sort((a, b) => a.at - b.at);
}

/** When a drawn fault is armed: between 5% and 85% of the run, so its tail is judged before the heal. */
export function armedAtMs(random: RandomStream, scenario: Scenario): number {
  const [from, to] = [Math.round(scenario.durationMs * 0.05), Math.round(scenario.durationMs * 0.85)];
  // A run of under a millisecond has no whole ms between the two (the range was empty, and the draw threw).
  return to > from ? random.int(from, to) : from;
}

/** How far an allocator owner's clock may be stepped back, in whole ms: the margin the design allows (under 1 ms, none). */
export function skewMarginMs(scenario: Scenario): number {
  return Math.floor(systemKnobs(scenario).clockSkewMaxUs / US_PER_MS);
}

/** The fault kinds swarm mode draws from. */
export const SWARM_FAULT_KINDS = Object.keys(DRAWS) as FaultKind[];

export interface SwarmOptions {
  /** Fault kinds to leave out of the draw (the others are drawn exactly as they would be with them). */
  readonly without?: readonly FaultKind[];
}

/** The scenario with its faults replaced by this seed's swarm draw, and a few knobs varied. */
export function swarmScenario(scenario: Scenario, seed: string, options: SwarmOptions = {}): Scenario {
  const random = new RandomStream(`${seed}/swarm`);
  const faults: Fault[] = [];
  for (const kind of SWARM_FAULT_KINDS) {
    // Swarm testing: each kind is in or out for this seed (a third of them, so a run has quiet
    // stretches where the promises a fault would excuse are judged); those in strike one to four times.
    if (!random.bernoulli(KIND_SHARE)) continue;
    const strikes = random.int(1, 5);
    for (let i = 0; i < strikes; i++) faults.push({ at: armedAtMs(random, scenario), ...DRAWS[kind](random, scenario) });
  }
  faults.sort((a, b) => a.at - b.at);
  const without = new Set(options.without ?? []);
  const kept = faults.filter((fault) => !without.has(fault.kind as FaultKind));
  return {
    ...scenario,
    faults: kept.some(firesSurely) ? kept : withFloor(kept, scenario, seed, without),
    knobs: {
      ...scenario.knobs,
      // Small pages and steps make paging and seq jumps happen in short runs; large pages, bytes
      // that outlast a slow radio's pull timeout.
      pageSize: random.pick([3, 10, 50, 200]),
      allocStep: random.pick([5, 100, 10_000]),
      sectionSize: random.pick([1, 10, 100]),
      // Short background fetch periods make a backgrounded app wake several times in a short run.
      backgroundFetchMs: random.pick([15_000, 40_000, 120_000]),
      // A login queue small enough for a storm in a small world to fill.
      loginQueueCap: random.pick([4, 8, 32]),
    },
    platformPush: { ...scenario.platformPush, enabled: random.bernoulli(0.85), dropRate: random.pick([0, 0.02, 0.3]) },
    // Half the runs leave background apps in the background at the heal: the wake path is judged.
    heal: { foreground: random.bernoulli(0.5) },
    // Busier users in a third of the runs, and bursts: appends to one inbox overlap, queues build.
    workload: {
      ...scenario.workload,
      sendsPerUserPerMin: scenario.workload.sendsPerUserPerMin * random.pick([1, 1, 2]),
      burstChance: Math.max(scenario.workload.burstChance, random.pick([0.15, 0.3])),
    },
  };
}
