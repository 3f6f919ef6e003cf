// The causal slice behind a violation: the message's hops across components (every event that
// names it), and what the device in question did (its pulls, reads, stores, cursor, sessions),
// up to the moment the invariant broke.
import type { TraceRecord } from '../sim/trace.js';

/** Device-side events worth showing beside the message's own hops. */
const DEVICE_KINDS = new Set(['pull', 'read', 'store', 'cursor', 'session', 'notify', 'platform-wake', 'app-state', 'device-start', 'crash', 'restart', 'device-backup', 'device-restored']);

export interface SliceQuery {
  readonly msgId: number | null;
  /** Process id of the device involved, if any. */
  readonly device: number | null;
  /** Index of the last event to include (the violating one); Infinity for liveness findings. */
  readonly upToIndex: number;
  /** No event after this time (a missed deadline: up to when it fell due). */
  readonly upToUs?: number;
}

export function causalSlice(records: readonly TraceRecord[], query: SliceQuery, limit = 200): TraceRecord[] {
  const slice: TraceRecord[] = [];
  const last = Math.min(records.length - 1, query.upToIndex);
  const upToUs = query.upToUs ?? Infinity;
  for (let i = 0; i <= last; i++) {
    const record = records[i]!;
    if (record.timeUs > upToUs) break;
    const aboutMessage = query.msgId !== null && record.fields['msg'] === query.msgId;
    const aboutDevice =
      query.device !== null && DEVICE_KINDS.has(record.kind) && (record.actor === query.device || record.fields['device'] === query.device);
    if (aboutMessage || aboutDevice) slice.push(record);
  }
  return slice.slice(-limit);
}
