// timeliness, a send's retries: an app resends an unanswered send on its backoff. Attempt n of a
// send is followed by the next within min(sendRetryCap, sendTimeout * 2^(n-1)) while the send is
// unsettled and the session lasts (a new session resends the outbox at once); after an anti-spam
// deferral, within the anti-spam window. The send's own deadline ('sent') allows the device's first
// retry and all of SendSvr's attempts, so an app whose backoff started one step up (its first retry
// after 10 s, not 5 s) made every sender whose first attempt was lost wait twice as long, and broke
// no other rule. Not judged when a fault touched the device (a pause holds its timers).
// Nor sooner, in the same session: the retry timer is the only thing that sends a message again
// there. An app that retried a deferred send after its send timeout (5 s) instead of the anti-spam
// window (10 s) was deferred again and again in a burst, and broke no other rule.
// The attempts are counted here, per message since its app started, not read from the trace: an app
// that started its count over at a deferral ("no network failure") numbered every later attempt 1
// and backed off from 5 s again, and the rule, trusting its numbers, saw nothing.
// And a new session resends the outbox in the order it was written: the attempts made at the
// instant a session starts go in outbox order. (Retries whose timers fall due together go in the
// order the timers were armed: deferrals answered at one instant in any order arm them so.) An app that resent it sorted by client message
// id, random since ids stopped being a counter, shuffled every burst typed offline, and broke no
// other rule (order allows seqs out of send order across retries).
import { EV_DEVICE_START, EV_OUTBOX, EV_SESSION, SESSION_DOWN, EV_SEND_ABANDONED, EV_SEND_ACKED, EV_SEND_ATTEMPT, EV_SEND_DEFERRED, EV_SEND_REJECTED } from '../../system/events.js';
import { formatBudgetMs } from '../bounds.js';
import { NumberMap } from '../../sim/numberMap.js';
import type { CheckerContext } from '../checker.js';
import { PerProcess } from '../perProcess.js';

export const RESEND = 'resend';
export const RESEND_ORDER = 'resend-order';

/** The next attempt a send owes: by whom, in which session, after what and by when. */
interface Owed {
  readonly device: number;
  readonly sessionEpoch: number;
  readonly fromUs: number;
  readonly dueUs: number;
  readonly after: string;
}

export function sendRetries(invariant: string, { sim, ledger, sink, knobs, paths }: CheckerContext): (nowUs: number) => void {
  /** By msgId: sends under way (a few per device; fills and empties all run long). */
  const owed = new NumberMap<Owed>();
  const expect = (msgId: number, id: number, fromUs: number, waitUs: number, after: string): void => {
    owed.set(msgId, { device: id, sessionEpoch: ledger.device(id).sessionEpoch, fromUs, dueUs: fromUs + waitUs, after });
  };
  const stands = (o: Owed): boolean => {
    const device = ledger.device(o.device);
    return device.up && !device.retired && device.sessionEpoch === o.sessionEpoch;
  };
  const judge = (msgId: number, o: Owed, atUs: number, came: boolean): void => {
    const device = ledger.device(o.device);
    if (atUs <= o.dueUs || paths.deviceTouched(device, o.fromUs, atUs)) return;
    const what = came ? `came ${formatBudgetMs(atUs - o.fromUs)} after` : `had not come ${formatBudgetMs(atUs - o.fromUs)} after`;
    const detail = `${RESEND}: the next attempt of unanswered message ${msgId} ${what} ${o.after}, in the same session (due within ${formatBudgetMs(o.dueUs - o.fromUs)})`;
    sink.violate(invariant, { kind: RESEND, detail, msgId, user: device.user, device: o.device });
  };
  /** By msgId: attempts since its app started (an app counts afresh when it starts). */
  const attempts = new NumberMap<number>();
  /** By msgId: its place in the order messages entered outboxes (the first time). */
  const outboxOrder = new NumberMap<number>();
  let outboxed = 0;
  /** Per device: when its latest session started, and the outbox place of the latest message it resent then. */
  const sessionUs = new PerProcess(-1);
  const lastResentOrder = new PerProcess(-1);
  const trace = sim.trace;
  trace.on(EV_DEVICE_START, (_t, id) => attempts.deleteWhere((msgId) => ledger.message(msgId).device === id));
  trace.on(EV_SESSION, (timeUs, id, kind) => {
    if (kind === SESSION_DOWN) return;
    sessionUs.set(id, timeUs);
    lastResentOrder.set(id, -1);
  });
  trace.on(EV_OUTBOX, (_t, _id, msgId) => {
    if (!outboxOrder.has(msgId)) outboxOrder.set(msgId, outboxed++);
  });
  trace.on(EV_SEND_ATTEMPT, (timeUs, id, msgId, tracedAttempt) => {
    const attempt = (attempts.get(msgId) ?? 0) + 1;
    attempts.set(msgId, attempt);
    const device = ledger.device(id);
    if (tracedAttempt !== attempt) {
      const detail = `${RESEND}: the app numbered an attempt of message ${msgId} ${tracedAttempt}, and it is attempt ${attempt} since the app started (its backoff grows from its count)`;
      sink.violate(invariant, { kind: RESEND, detail, msgId, user: device.user, device: id });
    }
    // A message restored from a backup after it settled has no place any more: it is not judged.
    const order = outboxOrder.get(msgId);
    if (order !== undefined && sessionUs.get(id) === timeUs) {
      if (order < lastResentOrder.get(id)) {
        const detail = `${RESEND_ORDER}: as its session started, the app resent message ${msgId} after a message it wrote to its outbox later (an outbox goes out in the order it was written)`;
        sink.violate(invariant, { kind: RESEND_ORDER, detail, msgId, user: device.user, device: id });
      }
      lastResentOrder.set(id, order);
    }
    const o = owed.get(msgId);
    if (o !== undefined && stands(o)) {
      if (timeUs < o.dueUs) {
        const detail = `${RESEND}: attempt ${attempt} of unanswered message ${msgId} came ${formatBudgetMs(timeUs - o.fromUs)} after ${o.after}, in the same session (not before ${formatBudgetMs(o.dueUs - o.fromUs)})`;
        sink.violate(invariant, { kind: RESEND, detail, msgId, user: device.user, device: id });
      } else judge(msgId, o, timeUs, true);
    }
    const backoffUs = Math.min(knobs.sendRetryCapUs, knobs.sendTimeoutUs * 2 ** (attempt - 1));
    expect(msgId, id, timeUs, backoffUs, `attempt ${attempt}`);
  });
  trace.on(EV_SEND_DEFERRED, (timeUs, id, msgId) => expect(msgId, id, timeUs, knobs.spamWindowUs, 'its anti-spam deferral'));
  for (const settled of [EV_SEND_ACKED, EV_SEND_REJECTED, EV_SEND_ABANDONED]) {
    trace.on(settled, (_t, _id, msgId) => {
      owed.delete(msgId);
      attempts.delete(msgId);
      outboxOrder.delete(msgId);
    });
  }
  return (nowUs) => {
    owed.deleteWhere((msgId, o) => {
      if (!stands(o)) return true;
      if (nowUs <= o.dueUs) return false;
      judge(msgId, o, nowUs, false);
      return true;
    });
  };
}
