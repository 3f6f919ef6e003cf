// The scenario file format. Every field has a realistic default, so a scenario says only what is
// special about it. Times are in milliseconds of virtual time. This schema is also written out as
// scenarios/schema.json for editors.
import { z } from 'zod';
import { FAULT_KIND_NAMES } from '../faults/kinds.js';
import { MOMENT_NAMES } from '../faults/moments.js';
import { DC_PROFILE_NAMES, LINK_PROFILE_NAMES, NETWORK_PROFILE_NAMES } from '../faults/profiles.js';
import { parseSelector } from '../faults/targets.js';
import { MUTANT_NAMES } from '../system/mutants.js';
import { KNOB_PRESET_NAMES, type KnobPresetName } from '../system/presets.js';

const platform = z.enum(['ios', 'android', 'wp', 'bb', 'desktop']);
/**
 * The longest time a scenario may name: a year of virtual time. Virtual time counts whole
 * microseconds in a double, exact only below 2^53 us (285 years); a longer time is a typo, not a test.
 */
const MAX_SCENARIO_MS = 365 * 24 * 3_600_000;
const withinAYear = { error: `at most ${MAX_SCENARIO_MS.toLocaleString('en-US')} ms (a year of virtual time)` };
const ms = z.number().finite().nonnegative().max(MAX_SCENARIO_MS, withinAYear);
/** A time that must pass: at least a microsecond, the clock's tick (0.0001 ms rounded to 0, and a backoff of 0 x 2^n went NaN). */
const positiveMs = z.number().finite().min(0.001, { error: 'at least 0.001 ms (a microsecond, the virtual clock\'s tick)' }).max(MAX_SCENARIO_MS, withinAYear);
const probability = z.number().min(0).max(1);
const count = (min: number, max: number) => z.number().int().min(min).max(max);

/** The highest watchdog budget a scenario may ask for. */
export const MAX_STEPS_CEILING = 1_000_000_000;
const selector = z.string().refine((text) => typeof parseSelector(text) !== 'string', {
  error: (issue) => parseSelector(String(issue.input)) as string,
});

/** A p99 below its median was silently read as a fixed latency (or size) of the median. */
const p99NotBelowMedian = (field: string, median: string) => ({ error: `below ${median}: a p99 is at least the median (equal to it: always the median)`, path: [field] });

const customLink = z
  .strictObject({
    latencyMedianMs: positiveMs,
    latencyP99Ms: positiveMs,
    lossRate: probability.default(0),
    duplicateRate: probability.default(0),
    bandwidthKbps: z.number().positive().max(100_000_000).optional().describe("a device connection's bandwidth each way (kbit/s); omitted: no limit"),
  })
  .refine((link) => link.latencyP99Ms >= link.latencyMedianMs, p99NotBelowMedian('latencyP99Ms', 'latencyMedianMs'));
const link = z.union([z.enum(NETWORK_PROFILE_NAMES as [string, ...string[]]), customLink]);

/** The fields only some kinds read: on any other kind they were silently ignored. */
const KIND_FIELDS = {
  to: ['partition', 'directory-change'],
  oneWay: ['partition'],
  profile: ['network-profile', 'dc-link'],
  point: ['crash-point'],
  change: ['directory-change'],
  group: ['directory-change'],
  lagMs: ['msgstore-failover'],
  cut: ['msgstore-failover'],
  skewMs: ['allocator-failover'],
  loginServiceMs: ['reconnect-storm'],
} as const satisfies Record<string, readonly (typeof FAULT_KIND_NAMES)[number][]>;

export const faultSchema = z
  .strictObject({
    at: ms.describe('When the fault starts (ms from the start of the run)'),
    for: positiveMs.optional().describe('How long it lasts (ms); omitted: until the heal at the end of the workload'),
    kind: z.enum(FAULT_KIND_NAMES as [string, ...string[]]),
    target: selector.describe('Who it hits: sendsvr-0, connectsvr-*, msgstore-any, servers-any, apns, platform-*, user-3, device-u3-0, devices-*, devices-any, devices-25%, devices-ios'),
    to: selector.optional().describe('partition: the other side'),
    oneWay: z.boolean().optional().describe('partition: block only target -> to'),
    profile: z.enum(LINK_PROFILE_NAMES as [string, ...string[]]).optional().describe('network-profile: a device profile (2g, 3g, ...); dc-link: a data-centre profile (dc-jitter, dc-lossy, dc-flap, dc-bloat, dc-reordering, dc-congested)'),
    point: z.string().optional().describe('crash-point: the named point (e.g. send.appended)'),
    on: z
      .enum(MOMENT_NAMES as [string, ...string[]])
      .optional()
      .describe('Time the fault to a protocol moment: armed at `at`, it strikes the first target that reaches the moment (pull, session-up, admit, disk-written, a crash point such as alloc.before-persist, ...)'),
    delayMs: ms.optional().describe('with on: how long after the moment it strikes'),
    change: z.enum(['block', 'join', 'leave']).optional().describe('directory-change: the target user blocks "to", or joins or leaves "group"'),
    group: z.number().int().nonnegative().optional().describe('directory-change: the group joined or left'),
    lagMs: ms.optional().describe('msgstore-failover: how long the primary is cut off from its replicas before it is failed over (ms)'),
    cut: z.enum(['all', 'one']).optional().describe('msgstore-failover: cut the primary off from all its replicas (the default), or from one'),
    skewMs: ms.optional().describe("allocator-failover: how far the paused owner's clock is stepped back (ms); at most knobs.clockSkewMaxMs keeps the correct design safe"),
    loginServiceMs: positiveMs.optional().describe('reconnect-storm: what a login costs the target ConnectSvrs while the storm lasts (default 300)'),
  })
  .refine((f) => f.kind !== 'partition' || f.to !== undefined, { error: 'a partition needs "to"', path: ['to'] })
  .refine((f) => f.kind !== 'crash-point' || f.point !== undefined, { error: 'a crash-point fault needs "point"', path: ['point'] })
  .refine((f) => f.kind !== 'network-profile' || (NETWORK_PROFILE_NAMES as readonly string[]).includes(f.profile ?? ''), {
    error: `a network-profile fault needs "profile": one of ${NETWORK_PROFILE_NAMES.join(', ')}`,
    path: ['profile'],
  })
  .refine((f) => f.kind !== 'directory-change' || f.change !== undefined, { error: 'a directory-change fault needs "change": block, join or leave', path: ['change'] })
  .refine((f) => f.kind !== 'directory-change' || f.change !== 'block' || f.to !== undefined, { error: 'a block needs "to": the user blocked', path: ['to'] })
  .refine((f) => f.kind !== 'directory-change' || f.change === 'block' || f.change === undefined || f.group !== undefined, { error: 'a join or leave needs "group"', path: ['group'] })
  .refine((f) => f.kind !== 'dc-link' || (DC_PROFILE_NAMES as readonly string[]).includes(f.profile ?? ''), {
    error: `a dc-link fault needs "profile": one of ${DC_PROFILE_NAMES.join(', ')}`,
    path: ['profile'],
  })
  .refine((f) => f.lagMs === undefined || f.for === undefined || f.lagMs < f.for, { error: 'lagMs must end before "for": the old primary comes back after its failover', path: ['lagMs'] })
  .refine((f) => f.kind !== 'crash-point' || f.on === undefined, { error: 'a crash-point fault is armed already; "on" times other kinds', path: ['on'] })
  .refine((f) => f.delayMs === undefined || f.on !== undefined, { error: '"delayMs" needs "on"', path: ['delayMs'] })
  .superRefine((f, context) => {
    for (const [field, kinds] of Object.entries(KIND_FIELDS)) {
      if (f[field as keyof typeof KIND_FIELDS] === undefined || (kinds as readonly string[]).includes(f.kind)) continue;
      context.addIssue({ code: 'custom', message: `${f.kind} does not use "${field}" (only ${kinds.join(' and ')} do${kinds.length === 1 ? 'es' : ''}); remove it`, path: [field] });
    }
  });

export const scenarioSchema = z.strictObject({
  name: z.string().min(1).optional().describe('Defaults to the file name'),
  description: z.string().default(''),
  durationMs: positiveMs.default(60_000).describe('How long the workload and the faults run'),
  quiesceMaxMs: positiveMs.default(300_000).describe('After healing, how long the run may take to go quiet'),
  latencyBoundMs: positiveMs.default(100).describe('Bound on the p99 send-to-stored latency of healthy connections'),
  maxSteps: count(1, MAX_STEPS_CEILING).default(20_000_000).describe('Watchdog: events the run may process (at most 1,000,000,000); a run estimated above it is refused before it starts'),
  initialSeq: count(0, 2 ** 32 - 1).default(0).describe("Where every user's seq space starts"),
  users: z
    .strictObject({
      count: count(1, 1_000_000).default(20),
      devices: z
        .union([z.array(platform).min(1), z.array(z.array(platform).min(1)).min(1)])
        .default([['ios', 'desktop'], ['android'], ['ios'], ['android', 'ios', 'desktop']])
        .describe("Each user's devices by platform; a list of lists is handed out to users in turn"),
    })
    .prefault({}),
  groups: z
    .strictObject({
      count: count(0, 100_000).default(2),
      size: count(2, 10_000).default(5),
    })
    .prefault({}),
  blacklist: z.strictObject({ pairs: count(0, 100_000).default(1) }).prefault({}).describe('User i+1 blocks user i, for the first `pairs` users'),
  workload: z
    .strictObject({
      sendsPerUserPerMin: z.number().nonnegative().default(3),
      groupShare: probability.default(0.2),
      spamShare: probability.default(0.01),
      burstChance: probability.default(0.05),
      burstSize: count(1, 1_000).default(5),
      textMedianBytes: count(1, 8_192).default(60).describe("each message's text size (bytes): the median of a log-normal spread"),
      textP99Bytes: count(1, 8_192).default(2_000).describe('and its 99th percentile; no text is longer than 8 KiB (media go by CDN link)'),
      startMs: ms.default(1_000),
    })
    .refine((workload) => workload.textP99Bytes >= workload.textMedianBytes, p99NotBelowMedian('textP99Bytes', 'textMedianBytes'))
    .prefault({}),
  network: z
    .strictObject({
      device: link.default('good-wifi').describe("Every device's access network: a profile name or custom figures"),
      dataCenter: customLink.optional(),
    })
    .prefault({}),
  servers: z
    .strictObject({
      connectSvrs: count(1, 64).default(2),
      sendSvrs: count(1, 64).default(2),
      receiveSvrs: count(1, 64).default(2),
      msgStores: count(1, 64).default(2),
      pushSvrs: count(1, 64).default(1),
      allocators: count(1, 64).default(1).describe('Allocator section groups, each with its owner, standbys and max_seq store'),
      msgStoreReplicas: count(1, 9).default(3).describe('Replicas per MsgStore shard, the primary included; 1 replicates nothing'),
      allocatorStandbys: count(0, 8).default(1).describe("Standbys per allocator group, ready to take its lease over"),
    })
    .prefault({}),
  knobs: z
    .strictObject({
      preset: z
        .enum(KNOB_PRESET_NAMES as [KnobPresetName, ...KnobPresetName[]])
        .optional()
        .describe("a whole set of timings under the knobs set here: seqsim (the default; short timers) or mars (the public Mars client's: 4.5-minute heartbeats, 60 s task timeouts)"),
      heartbeatIntervalMs: positiveMs.optional(),
      deviceHeartbeatTimeoutMs: positiveMs.optional(),
      serverIdleTimeoutMs: positiveMs.optional(),
      connectTimeoutMs: positiveMs.optional(),
      reconnectBaseMs: positiveMs.optional(),
      reconnectCapMs: positiveMs.optional(),
      sendTimeoutMs: positiveMs.optional(),
      sendRetryCapMs: positiveMs.optional(),
      pullTimeoutMs: positiveMs.optional(),
      periodicPullMs: positiveMs.optional(),
      backgroundFetchMs: positiveMs.optional(),
      wakeLingerMs: positiveMs.optional(),
      rpcTimeoutMs: positiveMs.optional(),
      spamWindowMs: positiveMs.optional(),
      allocatorLeaseMs: positiveMs.optional(),
      clockSkewMaxMs: ms.optional().describe('How far a clock may run behind while the allocator lease stays safe: a lapsed lease is handed over this long after it lapsed'),
      pageSize: count(1, 10_000).optional(),
      allocStep: count(1, 1e9).optional(),
      sectionSize: count(1, 1e6).optional(),
      rpcAttempts: count(1, 100).optional(),
      spamBurst: count(1, 1e6).optional(),
      loginServiceMs: ms.optional().describe('What one login costs a ConnectSvr; logins queue behind each other (0, the default: no time, no queue)'),
      loginQueueCap: count(1, 1e6).optional().describe('Logins that may wait at one ConnectSvr; one more is refused with hello-busy'),
    })
    .prefault({}),
  platformPush: z
    .strictObject({
      enabled: z.boolean().optional(),
      delayMedianMs: positiveMs.optional(),
      delayP99Ms: positiveMs.optional(),
      dropRate: probability.optional(),
      coalesce: z.boolean().optional(),
    })
    .prefault({}),
  faults: z.array(faultSchema).default([]),
  heal: z
    .strictObject({
      foreground: z.boolean().default(true).describe('Whether the heal brings every app to the foreground; false leaves background apps to platform push and background fetch'),
    })
    .prefault({})
    .describe('What the heal at the end of the workload does'),
  mutants: z.array(z.enum(MUTANT_NAMES as [string, ...string[]])).default([]),
});

/** A scenario as written (defaults not yet applied). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
/** A scenario with every default applied. */
export type Scenario = z.output<typeof scenarioSchema>;
