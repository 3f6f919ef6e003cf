// The protocol moments a fault can be timed to instead of a clock offset (`on:` in a scenario): a
// fault armed at `at` strikes the first of its targets that reaches the moment, `delayMs` later.
// A moment is a system trace event with that target as its actor, or a named crash point the
// target passes through (the fault layer hears of those through the kernel's crash hook).
import { CRASH_POINTS, roleOfCrashPoint } from '../system/crashPoints.js';
import { SESSION_DOWN } from '../system/events.js';
import type { ProcessRole } from './targets.js';

export interface TraceMoment {
  /** The trace event kind, by name. */
  readonly event: string;
  /** Which of the event's occurrences count, by its first field (e.g. only sessions that came up). */
  readonly first?: (field: number) => boolean;
  readonly doc: string;
  /** The role whose processes reach it (none: any process). */
  readonly by?: ProcessRole;
}

export const TRACE_MOMENTS = {
  pull: { event: 'pull', by: 'device', doc: 'a device sends a pull' },
  notify: { event: 'notify', by: 'device', doc: 'a hint reaches a device' },
  'session-up': { event: 'session', by: 'device', first: (kind) => kind !== SESSION_DOWN, doc: "a device's long connection becomes usable" },
  'send-attempt': { event: 'send-attempt', by: 'device', doc: 'a device sends (or resends) a message' },
  'platform-wake': { event: 'platform-wake', by: 'device', doc: 'a platform push reaches a device' },
  login: { event: 'login', by: 'connectsvr', doc: 'a ConnectSvr logs a device in and tells PushSvr' },
  admit: { event: 'sendsvr-admit', by: 'sendsvr', doc: 'a SendSvr admits a send and starts appending it' },
  commit: { event: 'commit', by: 'msgstore', doc: 'a MsgStore commits an inbox entry' },
  'append-queued': { event: 'append-queued', by: 'msgstore', doc: 'a MsgStore queues an append behind another for the same inbox' },
  read: { event: 'read', by: 'msgstore', doc: 'a MsgStore reads a page for a pull' },
  'disk-written': { event: 'disk-written', doc: "one of the target's disk writes lands" },
  restart: { event: 'restart', doc: 'the target restarts after a crash' },
} as const satisfies Record<string, TraceMoment>;

export type TraceMomentName = keyof typeof TRACE_MOMENTS;

const CRASH_POINT_NAMES: readonly string[] = Object.values(CRASH_POINTS).flat();

/** Every moment a fault may be timed to: the trace moments, then every named crash point. */
export const MOMENT_NAMES: readonly string[] = [...Object.keys(TRACE_MOMENTS), ...CRASH_POINT_NAMES];

export function isTraceMoment(name: string): name is TraceMomentName {
  return Object.hasOwn(TRACE_MOMENTS, name);
}

/** The role whose processes reach moment `name` (undefined: any process, or no such moment). */
export function roleOfMoment(name: string): ProcessRole | undefined {
  const moment: TraceMoment | undefined = isTraceMoment(name) ? TRACE_MOMENTS[name] : undefined;
  return moment !== undefined ? moment.by : roleOfCrashPoint(name);
}
