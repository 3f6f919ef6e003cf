// Shrinking: makes a failing run small enough to read, keeping the seed and the failing invariant.
// Greedy passes over the scenario (drop faults, shorten the run and the faults, fewer users,
// devices, groups and messages) accept every change after which the same invariant still fails.
// Each candidate is a full run, so the number of runs is bounded.
import { compile } from '../scenario/compile.js';
import type { Scenario } from '../scenario/schema.js';
import type { MutantName } from '../system/mutants.js';
import { runOne } from './runOne.js';

export interface ShrinkInput {
  readonly scenario: Scenario;
  readonly source: string;
  readonly seed: string;
  readonly mutants: readonly MutantName[];
  /** The invariant that must keep failing. */
  readonly invariant: string;
  /** Runs the shrinker may spend. */
  readonly maxRuns: number;
}

export interface ShrinkResult {
  readonly scenario: Scenario;
  readonly originalEvents: number;
  readonly events: number;
  readonly runs: number;
}

type Candidate = (s: Scenario) => Scenario | undefined;

/** Every way to make a scenario smaller by one step; undefined where a step does not apply. */
function candidates(s: Scenario): Candidate[] {
  const list: Candidate[] = [];
  // Faults: each one dropped, then each one shortened.
  for (let i = s.faults.length - 1; i >= 0; i--) list.push((x) => ({ ...x, faults: x.faults.filter((_, j) => j !== i) }));
  list.push((x) => halveDuration(x));
  list.push((x) => (x.users.count > 2 ? { ...x, users: { ...x.users, count: Math.max(2, Math.floor(x.users.count / 2)) } } : undefined));
  list.push((x) => (x.users.count > 2 ? { ...x, users: { ...x.users, count: x.users.count - 1 } } : undefined));
  list.push((x) => {
    const devices = x.users.devices;
    const perUser = Array.isArray(devices[0]) ? (devices as string[][]) : [devices as string[]];
    if (perUser.every((d) => d.length === 1) && perUser.length === 1) return undefined;
    return { ...x, users: { ...x.users, devices: [perUser[0]!.slice(0, Math.max(1, perUser[0]!.length - 1))] as Scenario['users']['devices'] } };
  });
  list.push((x) => (x.groups.count > 0 ? { ...x, groups: { ...x.groups, count: x.groups.count - 1 } } : undefined));
  list.push((x) => (x.groups.size > 2 ? { ...x, groups: { ...x.groups, size: Math.max(2, Math.floor(x.groups.size / 2)) } } : undefined));
  list.push((x) => (x.blacklist.pairs > 0 ? { ...x, blacklist: { pairs: 0 } } : undefined));
  list.push((x) => (x.workload.sendsPerUserPerMin > 0.5 ? { ...x, workload: { ...x.workload, sendsPerUserPerMin: x.workload.sendsPerUserPerMin / 2 } } : undefined));
  list.push((x) => (x.workload.burstChance > 0 || x.workload.spamShare > 0 ? { ...x, workload: { ...x.workload, burstChance: 0, spamShare: 0 } } : undefined));
  list.push((x) => (x.workload.groupShare > 0 ? { ...x, workload: { ...x.workload, groupShare: 0 } } : undefined));
  for (let i = s.faults.length - 1; i >= 0; i--) {
    list.push((x) => {
      const fault = x.faults[i];
      if (fault?.for === undefined || fault.for < 200) return undefined;
      return { ...x, faults: x.faults.map((f, j) => (j === i ? { ...f, for: Math.round(f.for! / 2) } : f)) };
    });
  }
  list.push((x) => (x.quiesceMaxMs > 30_000 ? { ...x, quiesceMaxMs: Math.round(x.quiesceMaxMs / 2) } : undefined));
  return list;
}

/** Halves the run, dropping faults that would start after it. */
function halveDuration(s: Scenario): Scenario | undefined {
  const durationMs = Math.round(s.durationMs / 2);
  if (durationMs < 2_000) return undefined;
  return { ...s, durationMs, faults: s.faults.filter((f) => f.at < durationMs) };
}

export function shrink(input: ShrinkInput): ShrinkResult {
  let runs = 0;
  /** Events of the run if the invariant still fails, else undefined. */
  const failingEvents = (scenario: Scenario): number | undefined => {
    runs++;
    const { result } = runOne(compile(scenario, { seed: input.seed, source: input.source, mutants: input.mutants }));
    return result.invariants.some((i) => i.name === input.invariant && !i.ok) ? result.events : undefined;
  };
  const originalEvents = failingEvents(input.scenario);
  if (originalEvents === undefined) throw new Error(`the run does not fail ${input.invariant}: nothing to shrink`);
  let best = input.scenario;
  let bestEvents = originalEvents;
  let improved = true;
  while (improved && runs < input.maxRuns) {
    improved = false;
    for (const candidate of candidates(best)) {
      if (runs >= input.maxRuns) break;
      const smaller = candidate(best);
      if (smaller === undefined) continue;
      const events = failingEvents(smaller);
      // Keep a step only if it still fails and is no bigger (faults dropped may add events).
      if (events !== undefined && events <= bestEvents) {
        best = smaller;
        bestEvents = events;
        improved = true;
      }
    }
  }
  return { scenario: best, originalEvents, events: bestEvents, runs };
}
