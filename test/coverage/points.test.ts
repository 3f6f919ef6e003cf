// Every coverage point is reached by a small scenario built to reach it, and a point no run can
// reach does not count against a run: a run without faults is not held to crash points.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/api.js';
import { COVERAGE_POINT_NAMES } from '../../src/oracle/coveragePoints.js';
import { scenarioSchema, type ScenarioInput } from '../../src/scenario/schema.js';
import { SEQ_MAX } from '../../src/system/config.js';
import { CRASH_POINTS } from '../../src/system/crashPoints.js';

const base: ScenarioInput = { durationMs: 30_000, users: { count: 8 }, workload: { sendsPerUserPerMin: 12 }, network: { device: 'good-wifi' } };
const crashPoints = Object.entries(CRASH_POINTS).flatMap(([role, points]) => points.map((point) => ({ role, point })));
/** The max_seq store's points come only with a grant or a raise, which need a scenario of their own. */
const inTurn = crashPoints.filter(({ role }) => role !== 'seqstore');

/** Each scenario, the points it is built to reach, and its faults. */
const BUILT: { name: string; reaches: string[]; scenario: ScenarioInput }[] = [
  {
    name: 'every crash point armed in turn',
    reaches: inTurn.map(({ point }) => `crash:${point}`),
    scenario: {
      ...base,
      knobs: { allocStep: 5, sectionSize: 1 },
      faults: inTurn.map(({ role, point }, i) => ({ at: 2_000 + i * 1_400, for: 500, kind: 'crash-point', point, target: role === 'device' ? 'devices-*' : `${role}-*` })),
    },
  },
  {
    name: 'the max_seq store crashed as it writes a grant (to the owner, restarted) and a raise',
    reaches: CRASH_POINTS.seqstore.map((point) => `crash:${point}`),
    scenario: {
      ...base,
      knobs: { allocStep: 5, sectionSize: 1 },
      faults: [
        { at: 2_000, for: 500, kind: 'crash-point', point: 'seqstore.grant-pending', target: 'seqstore-*' },
        { at: 3_000, for: 500, kind: 'crash', target: 'allocator-0' },
        { at: 8_000, for: 500, kind: 'crash-point', point: 'seqstore.max-pending', target: 'seqstore-*' },
      ],
    },
  },
  {
    name: "an allocator crashed while it writes a section's max_seq",
    reaches: ['alloc-crash-during-persist', 'allocator-restart-jump', 'page-crosses-gap'],
    scenario: { ...base, knobs: { allocStep: 5, sectionSize: 1 }, faults: [{ at: 5_000, for: 1_000, kind: 'crash', target: 'allocator-*', on: 'alloc.before-persist' }] },
  },
  {
    name: "an allocator cut off its max_seq store as it writes a section's max_seq",
    reaches: ['maxseq-write-lost'],
    scenario: { ...base, knobs: { allocStep: 5, sectionSize: 1 }, faults: [{ at: 5_000, for: 6_000, kind: 'partition', target: 'allocator-*', to: 'seqstore-*', on: 'alloc.before-persist' }] },
  },
  {
    name: 'MsgStores crashed mid-append and with a queue, a SendSvr before it records a send',
    reaches: ['append-queued', 'store-crash-mid-append', 'store-crash-with-queue', 'retry-after-commit', 'append-retried-after-commit'],
    scenario: {
      ...base,
      workload: { sendsPerUserPerMin: 12, burstChance: 1, burstSize: 8 },
      faults: [
        { at: 4_000, for: 1_000, kind: 'crash', target: 'msgstore-*', on: 'store.after-alloc', delayMs: 0 },
        { at: 10_000, for: 1_000, kind: 'crash', target: 'msgstore-*', on: 'append-queued' },
        { at: 16_000, for: 1_000, kind: 'crash', target: 'sendsvr-*', on: 'send.appended' },
      ],
    },
  },
  {
    name: 'a SendSvr crashed a moment after it admitted a group message',
    reaches: ['sendsvr-crash-mid-fanout'],
    scenario: { ...base, groups: { count: 2, size: 8 }, workload: { sendsPerUserPerMin: 12, groupShare: 1 }, faults: [{ at: 5_000, for: 1_000, kind: 'crash', target: 'sendsvr-*', on: 'admit', delayMs: 5 }] },
  },
  {
    name: 'devices stalled and broken around their pulls, one reinstalled just after it sent',
    reaches: ['commit-during-pull', 'hint-during-pull', 'pull-lost-with-connection', 'reinstall-in-flight'],
    scenario: {
      ...base,
      faults: [
        { at: 3_000, for: 2_000, kind: 'stall', target: 'devices-*', on: 'pull' },
        { at: 8_000, kind: 'break-connections', target: 'devices-*', on: 'pull' },
        { at: 12_000, kind: 'reinstall', target: 'devices-*', on: 'send-attempt' },
      ],
    },
  },
  {
    name: "connections gone half-open: hints go into them, and devices reconnect while ConnectSvr still holds them",
    reaches: ['reconnect-over-half-open', 'hint-into-stale-connection'],
    // Long enough for the device's heartbeat timeout (25 s) and ConnectSvr's (35 s) to pass before the workload ends.
    scenario: { ...base, durationMs: 45_000, faults: [{ at: 3_000, kind: 'half-open', target: 'devices-50%' }] },
  },
  {
    // Uncoalesced: every push of the backlog is delivered, so some land after the first woke the app.
    name: 'iPhones back from the background while their platform pushes are still on the way',
    reaches: ['platform-push-to-connected'],
    scenario: { ...base, users: { count: 8, devices: [['ios'], ['android']] }, platformPush: { delayMedianMs: 3_000, delayP99Ms: 6_000, dropRate: 0, coalesce: false }, faults: [{ at: 3_000, for: 8_000, kind: 'background', target: 'devices-ios' }] },
  },
  {
    name: 'a MsgStore failed over and another losing power mid-append, an allocator owner paused past its lease',
    reaches: ['failover-mid-append', 'power-loss-mid-append', 'lease-taken-from-paused-owner'],
    scenario: {
      ...base,
      workload: { sendsPerUserPerMin: 12 },
      faults: [
        { at: 3_000, for: 3_000, kind: 'msgstore-failover', target: 'msgstore-*', on: 'store.after-alloc', lagMs: 500 },
        { at: 9_000, for: 1_000, kind: 'power-loss', target: 'msgstore-*', on: 'store.after-alloc' },
        { at: 12_000, for: 8_000, kind: 'allocator-failover', target: 'allocator-0' },
      ],
    },
  },
  {
    name: 'a reconnect storm on one ConnectSvr with a small login queue',
    reaches: ['login-refused-busy'],
    scenario: { ...base, knobs: { loginQueueCap: 2 }, faults: [{ at: 5_000, for: 5_000, kind: 'reconnect-storm', target: 'connectsvr-0', loginServiceMs: 300 }] },
  },
  {
    name: 'users who start 5 seqs from the end of their space',
    reaches: ['inbox-seq-space-end'],
    scenario: { ...base, initialSeq: SEQ_MAX - 5, knobs: { allocStep: 5 } },
  },
];

describe('the coverage catalogue', () => {
  it('has at least 20 points, one for every crash point among them', () => {
    expect(COVERAGE_POINT_NAMES.length).toBeGreaterThanOrEqual(20);
    for (const { point } of crashPoints) expect(COVERAGE_POINT_NAMES).toContain(`crash:${point}`);
    expect(new Set(BUILT.flatMap((b) => b.reaches))).toEqual(new Set(COVERAGE_POINT_NAMES));
  });

  it.each(BUILT)('$name: reaches $reaches', ({ scenario, reaches }) => {
    const report = runScenario(scenarioSchema.parse({ name: 'coverage', ...scenario }), { seed: 1 });
    expect(report.ok, report.replay).toBe(true);
    for (const point of reaches) expect(report.coverage[point], point).toBeGreaterThan(0);
  });

  it('holds a run without faults only to the points it can reach', () => {
    const report = runScenario('baseline', { seed: 1 });
    expect(Object.keys(report.coverage).sort()).toEqual(['append-queued', 'commit-during-pull', 'hint-during-pull']);
  });
});
