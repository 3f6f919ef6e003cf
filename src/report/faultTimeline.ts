// The fault timeline: when each scheduled fault was active on each target, in virtual time, from
// the fault layer's own trace events (start and end, a crash point's hit, instant faults, the heal).
import { EV_FAULT, FAULT_END, FAULT_HEAL, FAULT_HIT, FAULT_INSTANT, FAULT_PEER_END, FAULT_PEER_START, FAULT_START } from '../faults/faultEvents.js';
import { FAULT_KIND_NAMES } from '../faults/kinds.js';
import type { TraceRecord } from '../sim/trace.js';

/** Rows (fault kind and target) drawn; the rest are counted. */
const ROWS_MAX = 60;

export interface FaultSpan {
  readonly startMs: number;
  readonly endMs: number;
}

export interface FaultRow {
  readonly kind: string;
  readonly target: string;
  /** While the fault held (a crash point: from its hit to the restart). */
  readonly spans: readonly FaultSpan[];
  /** Faults with no duration (a broken connection, a reinstall, a crash point armed). */
  readonly instantsMs: readonly number[];
}

export interface FaultTimeline {
  readonly rows: readonly FaultRow[];
  readonly omittedRows: number;
  /** When everything healed at the end of the workload; null if the run never got there. */
  readonly healMs: number | null;
  readonly endMs: number;
}

export function faultTimeline(records: readonly TraceRecord[], processNames: readonly string[], endMs: number): FaultTimeline {
  const rows = new Map<string, { row: { kind: string; target: string; spans: FaultSpan[]; instantsMs: number[] }; openSinceMs: number | null }>();
  let healMs: number | null = null;
  for (const record of records) {
    if (record.kind !== EV_FAULT.name) continue;
    const { kind, target, phase } = record.fields as { kind: number; target: number; phase: number };
    const atMs = record.timeUs / 1000;
    if (phase === FAULT_HEAL) {
      healMs ??= atMs;
      continue;
    }
    const key = `${kind}/${target}`;
    let entry = rows.get(key);
    if (entry === undefined) {
      const row = { kind: FAULT_KIND_NAMES[kind] ?? `fault ${kind}`, target: processNames[target] ?? `process ${target}`, spans: [], instantsMs: [] };
      rows.set(key, (entry = { row, openSinceMs: null }));
    }
    if (phase === FAULT_START || phase === FAULT_HIT || phase === FAULT_PEER_START) entry.openSinceMs ??= atMs;
    else if (phase === FAULT_INSTANT) entry.row.instantsMs.push(atMs);
    else if ((phase === FAULT_END || phase === FAULT_PEER_END) && entry.openSinceMs !== null) {
      entry.row.spans.push({ startMs: entry.openSinceMs, endMs: atMs });
      entry.openSinceMs = null;
    }
  }
  for (const entry of rows.values()) if (entry.openSinceMs !== null) entry.row.spans.push({ startMs: entry.openSinceMs, endMs });
  const all = [...rows.values()].map((entry) => entry.row);
  return { rows: all.slice(0, ROWS_MAX), omittedRows: Math.max(0, all.length - ROWS_MAX), healMs, endMs };
}
