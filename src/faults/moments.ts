// The protocol moments a fault can be timed to instead of a clock offset (`on:` in a scenario): a
// fault armed at `at` strikes the first of its targets that reaches the moment, `delayMs` later.
// A moment is a system trace event with that target as its actor, or a named crash point the
// target passes through (the fault layer hears of those through the kernel's crash hook).
import { CRASH_POINTS } from '../system/crashPoints.js';
import { SESSION_DOWN } from '../system/events.js';

export interface TraceMoment {
  /** The trace event kind, by name. */
  readonly event: string;
  /** Which of the event's occurrences count, by its first field (e.g. only sessions that came up). */
  readonly first?: (field: number) => boolean;
  readonly doc: string;
}

export const TRACE_MOMENTS = {
  pull: { event: 'pull', doc: 'a device sends a pull' },
  notify: { event: 'notify', doc: 'a hint reaches a device' },
  'session-up': { event: 'session', first: (kind) => kind !== SESSION_DOWN, doc: "a device's long connection becomes usable" },
  'send-attempt': { event: 'send-attempt', doc: 'a device sends (or resends) a message' },
  'platform-wake': { event: 'platform-wake', doc: 'a platform push reaches a device' },
  login: { event: 'login', doc: 'a ConnectSvr logs a device in and tells PushSvr' },
  admit: { event: 'sendsvr-admit', doc: 'a SendSvr admits a send and starts appending it' },
  commit: { event: 'commit', doc: 'a MsgStore commits an inbox entry' },
  'append-queued': { event: 'append-queued', doc: 'a MsgStore queues an append behind another for the same inbox' },
  read: { event: 'read', doc: 'a MsgStore reads a page for a pull' },
  'disk-written': { event: 'disk-written', doc: "one of the target's disk writes lands" },
} as const satisfies Record<string, TraceMoment>;

export type TraceMomentName = keyof typeof TRACE_MOMENTS;

const CRASH_POINT_NAMES: readonly string[] = Object.values(CRASH_POINTS).flat();

/** Every moment a fault may be timed to: the trace moments, then every named crash point. */
export const MOMENT_NAMES: readonly string[] = [...Object.keys(TRACE_MOMENTS), ...CRASH_POINT_NAMES];

export function isTraceMoment(name: string): name is TraceMomentName {
  return Object.hasOwn(TRACE_MOMENTS, name);
}
