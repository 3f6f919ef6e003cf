// The run's trace: every event is mixed into a 64-bit running hash (the run's identity), the last
// events are kept in a fixed ring for reports, and the full trace is kept only on request.
import { TRACE_FIELDS, traceKindById, type TraceKind } from './traceKinds.js';

/** Words per stored record: time, kind id, actor, then the fields. */
const RECORD_WORDS = 3 + TRACE_FIELDS;

export interface Clock {
  readonly nowUs: number;
}

export type TraceListener = (timeUs: number, actor: number, a: number, b: number, c: number, d: number) => void;

export interface TraceRecord {
  readonly timeUs: number;
  readonly kind: string;
  readonly actor: number;
  /** Field name to value, in the kind's field order. */
  readonly fields: Readonly<Record<string, number>>;
}

/**
 * The most events a kept trace holds: the first this many. A buggy system can run until its step
 * budget (20M events dispatched) stops it, having traced more: a JS array of 7 words an event could
 * not hold them (V8 died with "invalid size error" at 145M elements, 31M events of a run whose
 * retries never settled), nor could the heap hold them decoded.
 */
export const KEPT_EVENTS_MAX = 2_000_000;

export interface TraceOptions {
  /** How many of the latest events the ring keeps. */
  ringEvents?: number;
  /** Keep every event (for trace.jsonl and explain), up to keptEventsMax; costs memory proportional to the run. */
  keepAll?: boolean;
  /** With keepAll: keep only the first this many events (default KEPT_EVENTS_MAX). */
  keptEventsMax?: number;
}

export class Trace {
  private hashA = 0x9747b28c;
  private hashB = 0x2545f491;
  private readonly ring: Float64Array;
  private readonly ringEvents: number;
  /** Where the next record goes in the ring (count % ringEvents, kept without a division per event). */
  private ringBase = 0;
  private readonly all: number[] | undefined;
  private readonly keptWordsMax: number;
  private readonly listeners: (TraceListener[] | undefined)[] = [];
  /** Events emitted so far. */
  count = 0;

  constructor(private readonly clock: Clock, options: TraceOptions = {}) {
    this.ringEvents = Math.max(1, options.ringEvents ?? 1024);
    this.ring = new Float64Array(this.ringEvents * RECORD_WORDS);
    this.all = options.keepAll === true ? [] : undefined;
    this.keptWordsMax = (options.keptEventsMax ?? KEPT_EVENTS_MAX) * RECORD_WORDS;
  }

  /** Calls `listener` for every later event of `kind`, in emission order. */
  on(kind: TraceKind, listener: TraceListener): void {
    (this.listeners[kind.id] ??= []).push(listener);
  }

  emit(kind: TraceKind, actor: number, a = 0, b = 0, c = 0, d = 0): void {
    const timeUs = this.clock.nowUs;
    // Only the words that can vary are mixed: a kind's unused fields are always 0, and so is the
    // time's high word for the first 71 minutes of virtual time. Both lanes stay in locals, one
    // helper each: parking one in a module variable, so that one helper could return the other,
    // cost a context load, a hole check and a store per word (this runs for every event of a run).
    let laneA = this.hashA;
    let laneB = this.hashB;
    let word = kind.nameHash ^ Math.imul(actor, 0x9e3779b1);
    laneA = mixA(laneA, word);
    laneB = mixB(laneB, word);
    word = timeUs | 0;
    laneA = mixA(laneA, word);
    laneB = mixB(laneB, word);
    const timeHigh = (timeUs / 4294967296) | 0;
    if (timeHigh !== 0) {
      laneA = mixA(laneA, timeHigh);
      laneB = mixB(laneB, timeHigh);
    }
    const fieldCount = kind.fields.length;
    for (let field = 0; field < fieldCount; field++) {
      word = (field === 0 ? a : field === 1 ? b : field === 2 ? c : d) | 0;
      laneA = mixA(laneA, word);
      laneB = mixB(laneB, word);
    }
    this.hashA = laneA;
    this.hashB = laneB;
    const base = this.ringBase;
    this.ringBase = base + RECORD_WORDS === this.ring.length ? 0 : base + RECORD_WORDS;
    const ring = this.ring;
    ring[base] = timeUs;
    ring[base + 1] = kind.id;
    ring[base + 2] = actor;
    ring[base + 3] = a;
    ring[base + 4] = b;
    ring[base + 5] = c;
    ring[base + 6] = d;
    const all = this.all;
    if (all !== undefined && all.length < this.keptWordsMax) all.push(timeUs, kind.id, actor, a, b, c, d);
    this.count++;
    const listeners = this.listeners[kind.id];
    if (listeners !== undefined) {
      for (let i = 0; i < listeners.length; i++) listeners[i]!(timeUs, actor, a, b, c, d);
    }
  }

  /** The 64-bit running hash over every event so far, as 16 hex digits. */
  hash(): string {
    return hex32(this.hashA) + hex32(this.hashB);
  }

  /** The latest event, if any. */
  last(): TraceRecord | undefined {
    if (this.count === 0) return undefined;
    return decode(this.ring, ((this.count - 1) % this.ringEvents) * RECORD_WORDS);
  }

  /** The latest events still in the ring, oldest first. */
  recent(): TraceRecord[] {
    const kept = Math.min(this.count, this.ringEvents);
    const records: TraceRecord[] = [];
    for (let i = this.count - kept; i < this.count; i++) {
      records.push(decode(this.ring, (i % this.ringEvents) * RECORD_WORDS));
    }
    return records;
  }

  /** Whether a kept trace stopped keeping before the run's end (see KEPT_EVENTS_MAX). */
  get truncated(): boolean {
    return this.all !== undefined && this.all.length / RECORD_WORDS < this.count;
  }

  /** Every event (the first KEPT_EVENTS_MAX), when the trace was built with keepAll; otherwise undefined. */
  records(): TraceRecord[] | undefined {
    const all = this.all;
    if (all === undefined) return undefined;
    const records: TraceRecord[] = [];
    for (let base = 0; base < all.length; base += RECORD_WORDS) records.push(decode(all, base));
    return records;
  }

}

// Each 32-bit word is mixed into two independent lanes, which make the 64-bit hash.

/** Lane A's next value: a murmur3 step. */
function mixA(lane: number, word: number): number {
  let k = Math.imul(word, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  let a = lane ^ k;
  a = (a << 13) | (a >>> 19);
  return (Math.imul(a, 5) + 0xe6546b64) | 0;
}

/** Lane B's next value: a finalizer step. */
function mixB(lane: number, word: number): number {
  const b = Math.imul(lane ^ word ^ 0x85ebca6b, 0xc2b2ae35);
  return b ^ (b >>> 16);
}

function decode(words: ArrayLike<number>, base: number): TraceRecord {
  const kind = traceKindById(words[base + 1]!);
  const fields: Record<string, number> = {};
  kind.fields.forEach((name, i) => {
    fields[name] = words[base + 3 + i]!;
  });
  return { timeUs: words[base]!, kind: kind.name, actor: words[base + 2]!, fields };
}

function hex32(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}
