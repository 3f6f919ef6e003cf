// Turns a validated scenario and a seed into a RunSpec: users, groups and blacklists laid out,
// knobs in microseconds, the replay command spelled out.
import type { FaultKind, FaultSpec } from '../faults/kinds.js';
import { NETWORK_PROFILES, type NetworkProfileName } from '../faults/profiles.js';
import type { SwarmDraw } from '../faults/swarmDraws.js';
import type { RunSpec } from '../run/runSpec.js';
import type { LinkProfile } from '../sim/linkProfile.js';
import { ms } from '../sim/time.js';
import { DEFAULT_KNOBS, type Platform, type SystemKnobs } from '../system/config.js';
import { KNOB_PRESETS } from '../system/presets.js';
import type { MutantName } from '../system/mutants.js';
import type { Scenario } from './schema.js';

export interface CompileOptions {
  readonly seed: string;
  /** How the user named the scenario (a name or a file path); used in the replay command. */
  readonly source: string;
  /** Mutants added on the command line, on top of the scenario's own. */
  readonly mutants?: readonly MutantName[];
  /** The scenario's faults were drawn by swarm mode from the seed (the replay says --swarm). */
  readonly swarm?: boolean;
  /** Which swarm draw made them (absent: the default, targeted). */
  readonly swarmDraw?: SwarmDraw | undefined;
  /** Fault kinds the swarm draw left out (the replay says --without-fault for each). */
  readonly swarmWithout?: readonly FaultKind[];
  /** `--set` overrides already applied to the scenario, as typed (the replay repeats them). */
  readonly set?: readonly string[];
}

export function compile(scenario: Scenario, options: CompileOptions): RunSpec {
  const mutants = [...new Set([...(scenario.mutants as MutantName[]), ...(options.mutants ?? [])])];
  const durationUs = ms(scenario.durationMs);
  const users = layoutUsers(scenario);
  return {
    scenario: scenario.name ?? options.source,
    seed: options.seed,
    world: {
      users,
      groups: layoutGroups(users.length, scenario.groups.count, scenario.groups.size),
      blacklist: Array.from({ length: Math.min(scenario.blacklist.pairs, users.length - 1) }, (_, i) => [i + 1, i] as const),
      knobs: systemKnobs(scenario, mutants),
      initialSeq: scenario.initialSeq,
      deviceLink: linkProfile(scenario.network.device),
    },
    workload: {
      sendsPerUserPerMin: scenario.workload.sendsPerUserPerMin,
      groupShare: scenario.workload.groupShare,
      spamShare: scenario.workload.spamShare,
      burstChance: scenario.workload.burstChance,
      burstSize: scenario.workload.burstSize,
      textMedianBytes: scenario.workload.textMedianBytes,
      textP99Bytes: scenario.workload.textP99Bytes,
      startUs: ms(scenario.workload.startMs),
      stopUs: durationUs,
    },
    faults: scenario.faults.map((fault) => ({
      kind: fault.kind as FaultKind,
      atUs: ms(fault.at),
      forUs: fault.for === undefined ? undefined : ms(fault.for),
      target: fault.target,
      to: fault.to,
      oneWay: fault.oneWay,
      profile: fault.profile as FaultSpec['profile'],
      point: fault.point,
      on: fault.on,
      delayUs: fault.delayMs === undefined ? undefined : ms(fault.delayMs),
      change: fault.change,
      group: fault.group,
      lagUs: fault.lagMs === undefined ? undefined : ms(fault.lagMs),
      cut: fault.cut,
      skewUs: fault.skewMs === undefined ? undefined : ms(fault.skewMs),
      loginServiceUs: fault.loginServiceMs === undefined ? undefined : ms(fault.loginServiceMs),
    })),
    durationUs,
    quiesceMaxUs: ms(scenario.quiesceMaxMs),
    healForeground: scenario.heal.foreground,
    latencyBoundUs: ms(scenario.latencyBoundMs),
    maxSteps: scenario.maxSteps,
    replay: replayCommand(options),
  };
}

/** The command that replays a run of these options. */
export function replayCommand(options: CompileOptions): string {
  return [
    'seqsim run',
    shellQuote(options.source),
    '--seed',
    shellQuote(options.seed),
    ...(options.swarm === true ? ['--swarm'] : []),
    ...(options.swarm === true && options.swarmDraw !== undefined && options.swarmDraw !== 'targeted' ? ['--swarm-draw', options.swarmDraw] : []),
    ...(options.swarm === true ? (options.swarmWithout ?? []).flatMap((kind) => ['--without-fault', kind]) : []),
    ...(options.mutants ?? []).flatMap((m) => ['--mutant', m]),
    ...(options.set ?? []).flatMap((override) => ['--set', shellQuote(override)]),
  ].join(' ');
}

function layoutUsers(scenario: Scenario): Platform[][] {
  return Array.from({ length: scenario.users.count }, (_, user) => [...devicesOfUser(scenario, user)]);
}

/** The device lists handed out to users in turn: users.devices as a list of lists. */
export function deviceLayouts(scenario: Scenario): readonly (readonly Platform[])[] {
  const devices = scenario.users.devices;
  return Array.isArray(devices[0]) ? (devices as Platform[][]) : [devices as Platform[]];
}

/** Devices the world installs (reinstalls keep the number). */
export function deviceCount(scenario: Scenario): number {
  const layouts = deviceLayouts(scenario);
  const users = scenario.users.count;
  // Layout i goes to users i, i + L, i + 2L, ...
  return layouts.reduce((sum, layout, i) => sum + layout.length * Math.ceil(Math.max(0, users - i) / layouts.length), 0);
}

/** The platforms of one user's devices, in the order they are installed (device-u<user>-0, -1, ...). */
export function devicesOfUser(scenario: Scenario, user: number): readonly Platform[] {
  const layouts = deviceLayouts(scenario);
  return layouts[user % layouts.length]!;
}

/** Group g takes `size` consecutive users starting at g * size, wrapping around. */
/** Groups of `size` consecutive users, wrapping round; a group holds each user once (so at most `users`). */
function layoutGroups(users: number, groups: number, size: number): number[][] {
  const members = Math.min(size, users);
  return Array.from({ length: groups }, (_, g) => Array.from({ length: members }, (_, i) => (g * size + i) % users));
}

export function linkProfile(link: Scenario['network']['device']): LinkProfile {
  if (typeof link === 'string') return NETWORK_PROFILES[link as NetworkProfileName];
  const bandwidth = link.bandwidthKbps === undefined ? {} : { bandwidthKbps: link.bandwidthKbps };
  return { latencyMedianUs: ms(link.latencyMedianMs), latencyP99Us: ms(link.latencyP99Ms), lossRate: link.lossRate, duplicateRate: link.duplicateRate, ...bandwidth };
}

/** Every timing and size of the system the scenario builds, defaults filled in. */
export function systemKnobs(scenario: Scenario, mutants: readonly MutantName[] = []): SystemKnobs {
  const k = scenario.knobs;
  const p = scenario.platformPush;
  const us = (value: number | undefined, fallbackUs: number) => (value === undefined ? fallbackUs : ms(value));
  // The preset's timings stand in for the defaults; the scenario's own knobs still win.
  const d: SystemKnobs = { ...DEFAULT_KNOBS, ...KNOB_PRESETS[k.preset ?? 'seqsim'] };
  const dc = scenario.network.dataCenter;
  return {
    ...d,
    ...scenario.servers,
    heartbeatIntervalUs: us(k.heartbeatIntervalMs, d.heartbeatIntervalUs),
    deviceHeartbeatTimeoutUs: us(k.deviceHeartbeatTimeoutMs, d.deviceHeartbeatTimeoutUs),
    serverIdleTimeoutUs: us(k.serverIdleTimeoutMs, d.serverIdleTimeoutUs),
    connectTimeoutUs: us(k.connectTimeoutMs, d.connectTimeoutUs),
    reconnectBaseUs: us(k.reconnectBaseMs, d.reconnectBaseUs),
    reconnectCapUs: us(k.reconnectCapMs, d.reconnectCapUs),
    sendTimeoutUs: us(k.sendTimeoutMs, d.sendTimeoutUs),
    sendRetryCapUs: us(k.sendRetryCapMs, d.sendRetryCapUs),
    pullTimeoutUs: us(k.pullTimeoutMs, d.pullTimeoutUs),
    periodicPullUs: us(k.periodicPullMs, d.periodicPullUs),
    backgroundFetchUs: us(k.backgroundFetchMs, d.backgroundFetchUs),
    wakeLingerUs: us(k.wakeLingerMs, d.wakeLingerUs),
    rpcTimeoutUs: us(k.rpcTimeoutMs, d.rpcTimeoutUs),
    spamWindowUs: us(k.spamWindowMs, d.spamWindowUs),
    allocatorLeaseUs: us(k.allocatorLeaseMs, d.allocatorLeaseUs),
    clockSkewMaxUs: us(k.clockSkewMaxMs, d.clockSkewMaxUs),
    pageSize: k.pageSize ?? d.pageSize,
    allocStep: k.allocStep ?? d.allocStep,
    sectionSize: k.sectionSize ?? d.sectionSize,
    rpcAttempts: k.rpcAttempts ?? d.rpcAttempts,
    spamBurst: k.spamBurst ?? d.spamBurst,
    loginServiceUs: us(k.loginServiceMs, d.loginServiceUs),
    loginQueueCap: k.loginQueueCap ?? d.loginQueueCap,
    platformPush: {
      enabled: p.enabled ?? d.platformPush.enabled,
      delayMedianUs: us(p.delayMedianMs, d.platformPush.delayMedianUs),
      delayP99Us: us(p.delayP99Ms, d.platformPush.delayP99Us),
      dropRate: p.dropRate ?? d.platformPush.dropRate,
      coalesce: p.coalesce ?? d.platformPush.coalesce,
    },
    dataCenterLink:
      dc === undefined ? d.dataCenterLink : { latencyMedianUs: ms(dc.latencyMedianMs), latencyP99Us: ms(dc.latencyP99Ms), lossRate: dc.lossRate, duplicateRate: dc.duplicateRate },
    mutants: new Set(mutants),
  };
}

/** Quotes a seed or an override for a shell command line only when it needs it. */
export function shellQuote(text: string): string {
  return /^[\w.,:/@%+=-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}
