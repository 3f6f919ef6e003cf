// A short run whose allocator raises max_seq every few seqs (a section per user, a step of 5), so a
// fault timed to a raise finds one soon: shared by the tests of the aims at max_seq writes.
import { runOne } from '../../src/run/runOne.js';
import type { RunResult } from '../../src/run/result.js';
import type { ScenarioInput } from '../../src/scenario/schema.js';
import { spec } from '../oracle/specs.js';

/** 30 s of 8 users on good Wi-Fi, sending 12 a minute each, under `faults`. */
export function smallSectionsRun(faults: ScenarioInput['faults'], seed: number): RunResult {
  const scenario: ScenarioInput = {
    durationMs: 30_000,
    users: { count: 8 },
    workload: { sendsPerUserPerMin: 12 },
    network: { device: 'good-wifi' },
    knobs: { allocStep: 5, sectionSize: 1 },
    faults,
  };
  return runOne(spec(scenario, seed)).result;
}
