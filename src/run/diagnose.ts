// Turns a failed run into a violation report a person can act on: the first violation, the causal
// slice of the trace behind it, and the replay command. The run is replayed with the full trace
// kept (the first pass keeps only a ring); the replay must reproduce the same trace hash.
import { actorName } from '../oracle/oracle.js';
import { causalSlice } from '../oracle/causalSlice.js';
import type { Violation } from '../oracle/violation.js';
import type { RunResult } from './result.js';
import { runOne, type RunHandle } from './runOne.js';
import type { RunSpec } from './runSpec.js';

export interface SliceEvent {
  readonly timeMs: number;
  readonly kind: string;
  readonly actor: string;
  readonly fields: Readonly<Record<string, number>>;
}

export interface ViolationReport {
  readonly violation: Violation;
  readonly slice: readonly SliceEvent[];
  readonly replay: string;
  /** Whether the replay with the full trace gave the original trace hash. */
  readonly reproduced: boolean;
}

/** The first violation of the first failing invariant, or null if the run passed. */
export function firstViolation(result: RunResult): Violation | null {
  return result.invariants.find((invariant) => !invariant.ok)?.first ?? null;
}

export function diagnose(spec: RunSpec, result: RunResult, violation = firstViolation(result)): ViolationReport | null {
  if (violation === null) return null;
  const replay = runOne(spec, { keepAll: true });
  return violationReport(replay, result, violation, replay.result.traceHash === result.traceHash);
}

/**
 * The report of `violation` from a run that kept its full trace: a replay of the run, or the run
 * itself (then `reproduced` is trivially true).
 */
export function violationReport({ sim }: RunHandle, result: RunResult, violation: Violation, reproduced: boolean): ViolationReport {
  const device = violation.device === null ? null : (sim.processes.find((p) => p.name === violation.device)?.id ?? null);
  const records = sim.trace.records()!;
  const upToIndex = violation.event?.index ?? Infinity;
  // Past the kept prefix of a long run (KEPT_EVENTS_MAX) the events behind the violation are not at hand: no slice rather than a wrong one.
  const kept = !sim.trace.truncated || upToIndex < records.length;
  const slice = kept ? causalSlice(records, { msgId: violation.msgId, device, upToIndex, upToUs: violation.deadline?.dueUs }) : [];
  return {
    violation,
    slice: slice.map((record) => ({ timeMs: record.timeUs / 1000, kind: record.kind, actor: actorName(sim, record.actor), fields: record.fields })),
    replay: result.replay,
    reproduced,
  };
}
