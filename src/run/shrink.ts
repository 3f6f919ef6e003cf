// Shrinking: makes a failing run small enough to read, keeping the seed and the property it fails.
// Greedy passes over the scenario (drop faults, shorten the run and the faults, fewer users,
// devices, groups and messages) accept every change after which the same invariant still fails
// the same way (the same violation kind). The oracle's parameters are part of the property, not of
// the world: every candidate keeps the original's (ORACLE_FIELDS), so a shrunk run can never fail
// only because it was judged more harshly. Each candidate is a full run, so runs are bounded.
import { compile } from '../scenario/compile.js';
import { InputError } from '../scenario/errors.js';
import { checkFaultTargets } from '../scenario/faultTargets.js';
import type { Scenario } from '../scenario/schema.js';
import type { MutantName } from '../system/mutants.js';
import type { RunResult } from './result.js';
import { runOne } from './runOne.js';

/**
 * Scenario fields that parameterise the oracle rather than the world: how long it waits for quiet
 * before judging liveness, the latency bound, and the watchdog's event budget.
 */
export const ORACLE_FIELDS = ['quiesceMaxMs', 'latencyBoundMs', 'maxSteps'] as const satisfies readonly (keyof Scenario)[];

/** What a shrunk run must keep failing: the invariant, and how it broke (null: any way). */
export interface FailureSignature {
  readonly invariant: string;
  readonly kind: string | null;
}

export interface ShrinkInput {
  readonly scenario: Scenario;
  readonly source: string;
  readonly seed: string;
  readonly mutants: readonly MutantName[];
  readonly signature: FailureSignature;
  /** Runs the shrinker may spend. */
  readonly maxRuns: number;
}

/** The failure a run shows first: its first failing invariant and that violation's kind. */
export function failureSignature(result: Pick<RunResult, 'invariants'>): FailureSignature | undefined {
  const failed = result.invariants.find((invariant) => !invariant.ok);
  return failed === undefined ? undefined : { invariant: failed.name, kind: failed.first?.kind ?? null };
}

/** Whether the run fails the signature's invariant the signature's way. */
export function failsLike(result: Pick<RunResult, 'invariants'>, signature: FailureSignature): boolean {
  const invariant = result.invariants.find((i) => i.name === signature.invariant && !i.ok);
  if (invariant === undefined) return false;
  return signature.kind === null || invariant.examples.some((violation) => violation.kind === signature.kind);
}

export interface ShrinkResult {
  readonly scenario: Scenario;
  readonly originalEvents: number;
  readonly events: number;
  readonly runs: number;
}

type Candidate = (s: Scenario) => Scenario | undefined;
type Devices = Scenario['users']['devices'];

/** Every way to make a scenario smaller by one step, biggest first; undefined where a step does not apply. */
function candidates(s: Scenario): Candidate[] {
  const list: Candidate[] = [];
  // Faults go in halves, then quarters, ..., then one at a time (as delta debugging does).
  for (let chunks = 1; chunks < s.faults.length; chunks *= 2) {
    for (let c = chunks - 1; c >= 0; c--) list.push((x) => dropFaultChunk(x, c, chunks));
  }
  for (let i = s.faults.length - 1; i >= 0; i--) list.push((x) => ({ ...x, faults: x.faults.filter((_, j) => j !== i) }));
  list.push((x) => shortenRun(x, 0.5), (x) => shortenRun(x, 0.75));
  list.push((x) => withUsers(x, Math.floor(x.users.count / 2)), (x) => withUsers(x, x.users.count - 1));
  const mix = deviceMix(s.users.devices);
  for (let i = mix.length - 1; i >= 0; i--) {
    list.push((x) => withDevices(x, deviceMix(x.users.devices).filter((_, j) => j !== i)));
    list.push((x) => withDevices(x, deviceMix(x.users.devices).map((devices, j) => (j === i ? devices.slice(0, -1) : devices))));
  }
  for (const role of SERVER_COUNTS) list.push((x) => (x.servers[role] > 1 ? { ...x, servers: { ...x.servers, [role]: 1 } } : undefined));
  list.push((x) => (x.groups.count > 0 ? { ...x, groups: { ...x.groups, count: x.groups.count - 1 } } : undefined));
  list.push((x) => (x.groups.size > 2 ? { ...x, groups: { ...x.groups, size: Math.max(2, Math.floor(x.groups.size / 2)) } } : undefined));
  list.push((x) => (x.blacklist.pairs > 0 ? { ...x, blacklist: { pairs: 0 } } : undefined));
  list.push((x) => (x.workload.sendsPerUserPerMin > 0.2 ? { ...x, workload: { ...x.workload, sendsPerUserPerMin: x.workload.sendsPerUserPerMin / 2 } } : undefined));
  list.push((x) => (x.workload.burstChance > 0 || x.workload.spamShare > 0 ? { ...x, workload: { ...x.workload, burstChance: 0, spamShare: 0 } } : undefined));
  list.push((x) => (x.workload.groupShare > 0 ? { ...x, workload: { ...x.workload, groupShare: 0 } } : undefined));
  for (let i = s.faults.length - 1; i >= 0; i--) {
    list.push((x) => {
      const fault = x.faults[i];
      if (fault?.for === undefined || fault.for < 200) return undefined;
      return { ...x, faults: x.faults.map((f, j) => (j === i ? { ...f, for: Math.round(f.for! / 2) } : f)) };
    });
  }
  return list;
}

/** Drops the `chunk`-th of `chunks` equal slices of the fault list. */
function dropFaultChunk(s: Scenario, chunk: number, chunks: number): Scenario | undefined {
  const size = Math.ceil(s.faults.length / chunks);
  if (size === 0 || chunk * size >= s.faults.length) return undefined;
  return { ...s, faults: s.faults.filter((_, j) => j < chunk * size || j >= (chunk + 1) * size) };
}

/** Server roles whose instance count a shrink may bring down to one. */
const SERVER_COUNTS = ['connectSvrs', 'sendSvrs', 'receiveSvrs', 'msgStores', 'allocators'] as const;

/** Shortens the workload to `share` of it, dropping faults that would start after it. */
function shortenRun(s: Scenario, share: number): Scenario | undefined {
  const durationMs = Math.round(s.durationMs * share);
  if (durationMs < 2_000) return undefined;
  return { ...s, durationMs, faults: s.faults.filter((f) => f.at < durationMs) };
}

function withUsers(s: Scenario, count: number): Scenario | undefined {
  return count >= 2 && count < s.users.count ? { ...s, users: { ...s.users, count } } : undefined;
}

/** The device lists handed out to users in turn (a single list is one entry). */
function deviceMix(devices: Devices): string[][] {
  return Array.isArray(devices[0]) ? (devices as string[][]) : [devices as string[]];
}

function withDevices(s: Scenario, mix: string[][]): Scenario | undefined {
  const kept = mix.filter((devices) => devices.length > 0);
  const before = deviceMix(s.users.devices);
  if (kept.length === 0 || kept.flat().length === before.flat().length) return undefined;
  return { ...s, users: { ...s.users, devices: kept as Devices } };
}

/** `candidate` judged exactly as `original` is: the original's oracle parameters, whatever the candidate changed. */
function withOracleOf(original: Scenario, candidate: Scenario): Scenario {
  const kept: Partial<Scenario> = {};
  for (const field of ORACLE_FIELDS) Object.assign(kept, { [field]: original[field] });
  return { ...candidate, ...kept };
}

export function shrink(input: ShrinkInput): ShrinkResult {
  let runs = 0;
  /** Events of the run if it still fails the same way, else undefined. */
  const failingEvents = (scenario: Scenario): number | undefined => {
    runs++;
    const { result } = runOne(compile(scenario, { seed: input.seed, source: input.source, mutants: input.mutants }));
    return failsLike(result, input.signature) ? result.events : undefined;
  };
  const originalEvents = failingEvents(input.scenario);
  if (originalEvents === undefined) throw new InputError('BAD_REPORT', `${input.source} seed ${input.seed}: the replayed run does not fail ${input.signature.invariant}; nothing to shrink`);
  let best = input.scenario;
  let bestEvents = originalEvents;
  let improved = true;
  while (improved && runs < input.maxRuns) {
    improved = false;
    // The list is rebuilt after each accepted step (indices move when a fault goes), and the pass
    // goes on from where it was.
    let list = candidates(best);
    for (let i = 0; i < list.length && runs < input.maxRuns; i++) {
      const step = list[i]!(best);
      // A step the loader would refuse (a fault aimed at a user or server shrunk away) is no step.
      if (step === undefined || checkFaultTargets(step).errors.length > 0) continue;
      const smaller = withOracleOf(input.scenario, step);
      const events = failingEvents(smaller);
      // Keep a step only if it still fails and is no bigger (faults dropped may add events).
      if (events !== undefined && events <= bestEvents) {
        best = smaller;
        bestEvents = events;
        improved = true;
        list = candidates(best);
      }
    }
  }
  return { scenario: best, originalEvents, events: bestEvents, runs };
}
