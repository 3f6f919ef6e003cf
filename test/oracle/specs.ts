// Run specs for oracle tests, built through the real scenario schema and compiler.
import { compile } from '../../src/scenario/compile.js';
import { scenarioSchema, type ScenarioInput } from '../../src/scenario/schema.js';
import type { RunSpec } from '../../src/run/runSpec.js';
import type { MutantName } from '../../src/system/mutants.js';

/** Every kind of fault, on a schedule that leaves time to recover. */
export const CHAOS_FAULTS: ScenarioInput['faults'] = [
  { at: 5_000, for: 5_000, kind: 'crash', target: 'sendsvr-0' },
  { at: 8_000, for: 3_000, kind: 'crash', target: 'msgstore-any' },
  { at: 9_000, for: 2_000, kind: 'crash', target: 'allocator-0' },
  { at: 10_000, for: 20_000, kind: 'offline', target: 'devices-25%' },
  { at: 12_000, for: 5_000, kind: 'crash', target: 'connectsvr-0' },
  { at: 15_000, kind: 'half-open', target: 'devices-any' },
  { at: 16_000, for: 20_000, kind: 'background', target: 'devices-ios' },
  { at: 20_000, kind: 'reinstall', target: 'devices-any' },
  { at: 21_000, for: 8_000, kind: 'kill', target: 'devices-any' },
  { at: 22_000, for: 10_000, kind: 'platform-off', target: 'apns' },
  { at: 25_000, for: 2_000, kind: 'crash-point', target: 'sendsvr-*', point: 'send.appended' },
  { at: 26_000, for: 2_000, kind: 'crash-point', target: 'devices-*', point: 'device.after-store' },
  { at: 30_000, for: 10_000, kind: 'network-profile', target: 'devices-25%', profile: '2g' },
  { at: 31_000, for: 10_000, kind: 'partition', target: 'pushsvr-0', to: 'connectsvr-*' },
  { at: 33_000, for: 3_000, kind: 'crash', target: 'receivesvr-any' },
  { at: 35_000, for: 1_000, kind: 'crash', target: 'msgstore-*' },
  { at: 40_000, for: 1_000, kind: 'crash', target: 'msgstore-*' },
  { at: 45_000, for: 1_000, kind: 'crash', target: 'allocator-0' },
];

export function spec(scenario: ScenarioInput, seed: number | string, mutants: MutantName[] = []): RunSpec {
  return compile(scenarioSchema.parse(scenario), { seed: String(seed), source: scenario.name ?? 'test', mutants });
}

export const baseline = (seed: number | string, mutants: MutantName[] = []) => spec({ name: 'baseline' }, seed, mutants);
export const chaos = (seed: number | string, mutants: MutantName[] = [], extra: ScenarioInput = {}) =>
  spec({ name: 'chaos', latencyBoundMs: 100, ...extra, faults: CHAOS_FAULTS }, seed, mutants);
