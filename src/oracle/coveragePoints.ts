// The coverage catalogue: the dangerous moments of the protocol, each a named predicate the oracle
// evaluates on one kind of trace event, given the windows open just before it (coverage/windows.ts).
// A sweep reports how many runs reached each one, out of the runs that could (coverage/scope.ts):
// every crash point firing, and the races where message sync goes wrong when it does.
import { hashString } from '../sim/traceKinds.js';
import { SEQ_MAX } from '../system/config.js';
import { CRASH_POINTS } from '../system/crashPoints.js';
import { PUSH_VIA_CONNECTION, SESSION_DOWN } from '../system/events.js';
import {
  armsCrashPoint,
  gapsPossible,
  hasFault,
  mayCrash,
  mayEndSessions,
  mayLoseDatagrams,
  mayRetrySends,
  maySilenceConnections,
  nearSeqEnd,
  platformPushPossible,
  reinstalls,
  sends,
  type CoverageScope,
} from './coverage/scope.js';
import type { ProtocolWindows } from './coverage/windows.js';

export interface CoveragePoint {
  readonly name: string;
  /** The moment, as a person would say it. */
  readonly moment: string;
  /** Whether a run can reach the moment at all. */
  readonly appliesTo: (scope: CoverageScope) => boolean;
  /** The name of the trace event kind the predicate is evaluated on. */
  readonly on: string;
  /** Whether this event (its actor and fields), with the windows as they were just before it, is the moment. */
  readonly when: (windows: ProtocolWindows, actor: number, a: number, b: number, c: number, d: number) => boolean;
}

/** Every named crash point firing, from the list of crash points (a new one is covered as it is added). */
const CRASH_POINT_FIRINGS: readonly CoveragePoint[] = Object.entries(CRASH_POINTS).flatMap(([role, points]) =>
  points.map((point): CoveragePoint => {
    const pointHash = hashString(point);
    return {
      name: `crash:${point}`,
      moment: `A ${role} crashes at its named point ${point}.`,
      appliesTo: (scope) => armsCrashPoint(scope, point),
      on: 'crash',
      when: (_w, _actor, crashedAt) => crashedAt === pointHash,
    };
  }),
);

const RACE_WINDOWS: readonly CoveragePoint[] = [
  {
    name: 'alloc-crash-during-persist',
    moment: "An allocator crashes while a section's max_seq write is pending.",
    appliesTo: (scope) => mayCrash(scope, 'allocator'),
    on: 'crash',
    when: (w, process) => w.persistsPending(process) > 0,
  },
  {
    name: 'store-crash-mid-append',
    moment: 'A MsgStore crashes with an append whose seq is allocated and not yet committed (the seq is burnt: a gap).',
    appliesTo: (scope) => sends(scope) && mayCrash(scope, 'msgstore'),
    on: 'crash',
    when: (w, process) => w.topology.msgStores.includes(process) && w.hasAppendUnderWay(process),
  },
  {
    name: 'store-crash-with-queue',
    moment: 'A MsgStore crashes with appends waiting behind the one it is writing (each must be sent again).',
    appliesTo: (scope) => sends(scope) && mayCrash(scope, 'msgstore'),
    on: 'crash',
    when: (w, process) => w.topology.msgStores.includes(process) && w.hasQueue(process),
  },
  {
    name: 'sendsvr-crash-mid-fanout',
    moment: 'A SendSvr crashes after a message it admitted committed to some of its inboxes but not all.',
    appliesTo: (scope) => sends(scope) && mayCrash(scope, 'sendsvr'),
    on: 'crash',
    when: (w, process) =>
      w.hasAdmitted(process, (msgId) => {
        const message = w.ledger.message(msgId);
        return message.commits.size > 0 && message.commits.size < message.targets.length;
      }),
  },
  {
    name: 'commit-during-pull',
    moment: 'A message commits to an inbox while a device of that inbox has a pull in flight.',
    appliesTo: sends,
    on: 'commit',
    when: (w, _store, user) => w.isInboxPulled(user),
  },
  {
    name: 'append-queued',
    moment: 'A second append to an inbox waits behind one being written.',
    appliesTo: sends,
    on: 'append-queued',
    when: () => true,
  },
  {
    name: 'hint-during-pull',
    moment: "A hint reaches a device while the device's pull is in flight.",
    appliesTo: sends,
    on: 'notify',
    when: (w, device) => w.isPulling(device),
  },
  {
    name: 'pull-lost-with-connection',
    moment: "A device's session ends while its pull is in flight: the response is lost with the connection.",
    appliesTo: mayEndSessions,
    on: 'session',
    when: (w, device, kind) => kind === SESSION_DOWN && w.isPulling(device),
  },
  {
    name: 'hint-into-stale-connection',
    moment: 'PushSvr hints a device through a long connection the device no longer has.',
    appliesTo: (scope) => sends(scope) && mayEndSessions(scope),
    on: 'push',
    when: (w, _pushSvr, _msgId, device, via) => via === PUSH_VIA_CONNECTION && w.ledger.device(device).sessionKind === SESSION_DOWN,
  },
  {
    name: 'reconnect-over-half-open',
    moment: 'A device opens a new connection while a ConnectSvr still holds its old one, half-open.',
    appliesTo: maySilenceConnections,
    on: 'conn-open',
    when: (w, device, conn) => w.serverHoldsOther(device, conn),
  },
  {
    name: 'retry-after-commit',
    moment: 'A device sends a message again after it committed but before its ack reached the device.',
    appliesTo: mayRetrySends,
    on: 'send-attempt',
    when: (w, _device, msgId, attempt) => {
      const message = w.ledger.message(msgId);
      return attempt > 1 && message.commits.size > 0 && message.ackedUs < 0;
    },
  },
  {
    name: 'append-retried-after-commit',
    moment: 'An append arrives again for a message its inbox already committed (the idempotent append answers).',
    appliesTo: mayRetrySends,
    on: 'append-dedup',
    when: () => true,
  },
  {
    name: 'platform-push-to-connected',
    moment: 'A platform push reaches an app that is already connected.',
    appliesTo: platformPushPossible,
    on: 'platform-wake',
    when: (w, device) => w.ledger.device(device).sessionKind !== SESSION_DOWN,
  },
  {
    name: 'reinstall-in-flight',
    moment: "An app is reinstalled while a message to its user is in flight (sent, not yet in the user's inbox).",
    appliesTo: reinstalls,
    on: 'device-retired',
    when: (w, _device, user) => w.sendInFlightTo(user),
  },
  {
    name: 'page-crosses-gap',
    moment: 'A pulled page skips a seq: its entries cross a gap in the inbox.',
    appliesTo: gapsPossible,
    on: 'read',
    when: (w, _store, device, afterSeq, _bound, count) => {
      let previous = afterSeq;
      let left = count;
      for (const seq of w.ledger.inbox(w.ledger.device(device).user).between(afterSeq, SEQ_MAX)) {
        if (left-- === 0) return false;
        if (seq !== previous + 1) return true;
        previous = seq;
      }
      return false;
    },
  },
  {
    name: 'allocator-restart-jump',
    moment: "A restarted allocator makes a user's seq jump to the persisted max_seq.",
    appliesTo: (scope) => mayCrash(scope, 'allocator'),
    on: 'alloc',
    when: (w, allocator, user, seq) => {
      const previous = w.previousAlloc(user);
      return seq > previous.seq + 1 && w.restartedAtUs(allocator) > previous.timeUs;
    },
  },
  {
    name: 'maxseq-write-lost',
    moment: "A section's max_seq write never reaches its store (cut off, lost, or the store down): nothing above the max_seq already durable may be issued, for the next owner starts there.",
    appliesTo: (scope) => sends(scope) && (mayLoseDatagrams(scope) || mayCrash(scope, 'seqstore')),
    on: 'net-drop',
    when: (_w, _store, _from, type) => type === MAXSEQ_WRITE,
  },
  {
    name: 'inbox-seq-space-end',
    moment: "A message meets an inbox whose 32-bit seq space is used up.",
    appliesTo: nearSeqEnd,
    on: 'inbox-full',
    when: () => true,
  },
  // ---- replicated storage ----
  {
    name: 'failover-mid-append',
    moment: 'A MsgStore shard fails over while its old primary has an append written and not yet committed (the new primary may not hold it).',
    appliesTo: (scope) => sends(scope) && hasFault(scope, 'msgstore-failover'),
    // The old primary is fenced off (crashed) just before the promotion.
    on: 'crash',
    when: (w, process, reason) => reason === FAILOVER && w.hasAppendUnderWay(process),
  },
  {
    name: 'power-loss-mid-append',
    moment: 'A MsgStore loses power with an append allocated and not yet committed.',
    appliesTo: (scope) => sends(scope) && hasFault(scope, 'power-loss'),
    on: 'crash',
    when: (w, process, reason) => reason === POWER_LOSS && w.topology.msgStores.includes(process) && w.hasAppendUnderWay(process),
  },
  {
    name: 'lease-taken-from-paused-owner',
    moment: "A standby takes an allocator section group's lease while the old owner is paused (it may wake believing it still owns the sections).",
    appliesTo: (scope) => sends(scope) && hasFault(scope, 'allocator-failover'),
    on: 'lease-granted',
    when: (w, _store, group, _epoch, owner) => {
      const previous = w.leaseOwner(group);
      return previous !== undefined && previous !== owner && w.isPaused(previous);
    },
  },
  // ---- load ----
  {
    name: 'login-refused-busy',
    moment: "A ConnectSvr's login queue is full and a device is told hello-busy (it must come back after its backoff).",
    appliesTo: (scope) => hasFault(scope, 'reconnect-storm') || scope.world.knobs.loginServiceUs > 0,
    on: 'login-refused',
    when: () => true,
  },
];

/** A crash's reason field when it is a power loss, or a failover fencing off a primary. */
const POWER_LOSS = hashString('power-loss');
const FAILOVER = hashString('failover');
/** The message type of an allocator's max_seq write, as a network event names it. */
const MAXSEQ_WRITE = hashString('maxseq-write');

export const COVERAGE_POINTS: readonly CoveragePoint[] = [...CRASH_POINT_FIRINGS, ...RACE_WINDOWS];

export const COVERAGE_POINT_NAMES: readonly string[] = COVERAGE_POINTS.map((point) => point.name);
