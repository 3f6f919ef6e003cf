// Small formatting helpers shared by the reporters.
import { createHash } from 'node:crypto';
import Table from 'cli-table3';
import type { DeadlineFacts } from '../oracle/violation.js';
import { DEVICE_CLASSES } from '../oracle/latency.js';
import type { LatencyFigures, RunResult } from '../run/result.js';

export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** A number with sensible precision: 0.42, 12.3, 1,234. */
export function formatNumber(value: number): string {
  if (value === 0) return '0';
  if (Math.abs(value) < 10) return value.toFixed(2);
  if (Math.abs(value) < 100) return value.toFixed(1);
  return formatCount(value);
}

/** Milliseconds with sensible precision: 0.42, 12.3, 1,234. */
export function formatMs(valueMs: number): string {
  return formatNumber(valueMs);
}

export function formatSeconds(valueMs: number): string {
  return `${(valueMs / 1000).toFixed(1)} s`;
}

export function entity(violation: { msgId: number | null; user: number | null; device: string | null; seq: number | null }): string {
  const parts: string[] = [];
  if (violation.msgId !== null) parts.push(`message ${violation.msgId}`);
  if (violation.user !== null) parts.push(`user ${violation.user}`);
  if (violation.device !== null) parts.push(violation.device);
  if (violation.seq !== null) parts.push(`seq ${violation.seq}`);
  return parts.join(', ');
}

export function fieldsText(fields: Readonly<Record<string, number>>): string {
  return Object.entries(fields)
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
}

/** The longest path segment: short enough for any file system, with room for a hash. */
const SEGMENT_MAX_CHARS = 100;

/**
 * A seed or scenario name as one safe path segment, short enough for any file system. A name it had
 * to change keeps a short hash of itself: names in another script ("日本", "中国") both became "_",
 * and one's reports overwrote the other's.
 */
export function pathSegment(text: string): string {
  const segment = text.replace(/[^\w.-]+/g, '_');
  // Nothing left, or only dots ("." and ".." name this directory and its parent).
  const safe = /^\.*$/.test(segment) ? segment.replaceAll('.', '_') || '_' : segment;
  if (safe === text && safe.length <= SEGMENT_MAX_CHARS) return safe;
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 8);
  return `${safe.slice(0, SEGMENT_MAX_CHARS - hash.length - 1)}-${hash}`;
}

/** A table for the terminal: no rule between rows, and no colour of its own (chalk adds it); `colWidths` wraps long cells. */
export function compactTable(head: string[], colWidths?: number[]): Table.Table {
  const wrap = colWidths === undefined ? {} : { colWidths, wordWrap: true };
  return new Table({ head, style: { head: [], border: [] }, chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' }, ...wrap });
}

/** The latency table's columns after the class name. */
export const LATENCY_COLUMNS = ['count', 'p50', 'p90', 'p99', 'p99.9', 'max', 'bound'] as const;

/** What each row's bound means (the note under every latency table). */
export const LATENCY_BOUNDS_NOTE =
  'bound: healthy, the p99 SLO (judged on a sweep\'s pooled deliveries; each healthy delivery also has a hard deadline from its ack); ' +
  'reconnected, the catch-up deadline of one page from the session start; woken, the wake deadline of one page from the commit; ' +
  'ack, from a connected sender\'s send to its ack';

/** Each device class, then all deliveries, then send-to-ack, with its cells (LATENCY_COLUMNS). */
export function latencyRows(report: Pick<RunResult, 'latencyByClassMs' | 'latencyMs' | 'ackLatencyMs'>): [string, string[]][] {
  return [
    ...DEVICE_CLASSES.map((deviceClass): [string, string[]] => [deviceClass, latencyCells(report.latencyByClassMs[deviceClass])]),
    ['all', latencyCells({ ...report.latencyMs, boundMs: null })],
    ['ack', latencyCells(report.ackLatencyMs)],
  ];
}

/** "-" in every column of a class with no deliveries: "0" there would read as 0 ms. */
function latencyCells(p: LatencyFigures): string[] {
  const bound = p.boundMs === null ? '' : formatMs(p.boundMs);
  if (p.count === 0) return [...LATENCY_COLUMNS.slice(0, -1).map(() => '-'), bound];
  return [formatCount(p.count), formatMs(p.p50), formatMs(p.p90), formatMs(p.p99), formatMs(p.p999), formatMs(p.max), bound];
}

/** A missed deadline, for a person: which, when it fell due, what set it, and how it was made. */
export function deadlineText(deadline: DeadlineFacts): string {
  return `${deadline.kind} deadline due at ${formatMs(deadline.dueUs / 1000)} ms, set by ${deadline.setBy} at ${formatMs(deadline.setAtUs / 1000)} ms (${deadline.budget})`;
}

/** A byte count with a binary unit: 512 B, 12.3 KiB, 4.56 MiB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${formatCount(bytes)} B`;
  const [value, unit] = bytes < 1024 ** 2 ? [bytes / 1024, 'KiB'] : bytes < 1024 ** 3 ? [bytes / 1024 ** 2, 'MiB'] : [bytes / 1024 ** 3, 'GiB'];
  return `${value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : formatCount(value)} ${unit}`;
}
