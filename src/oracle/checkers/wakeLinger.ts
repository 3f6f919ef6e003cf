// timeliness's linger promise: a woken app goes back to sleep once it is done. A background app
// woken by a platform push or a background fetch connects, catches up, settles its sends, and
// stays wakeLinger longer for more hints; then it ends its session. Every second awake costs the
// phone battery and the access layer a session: an app that lingered a minute instead of 5 s
// delivered everything and broke no other rule.
// The woken session must end within wakeLinger of the later of the end of its latest pull (its
// cursor written) and the settling of its latest send (acked or rejected, and the device's disk
// write that takes it off the outbox). While a pull is under way or a send is unsettled, nothing
// is owed. Judged when the session ends, and at every tick for one that goes on; not judged when a
// fault touched the device (a pause holds its timers), and lapsed once the app leaves the
// background or dies.
// Nor does it sleep sooner: its linger timer is armed when a pull ends (its cursor written), each
// pull re-arming it, so a session the app ends itself comes wakeLinger after its latest pull at the
// earliest. An app that lost the handle of its linger timer, so that older timers stayed armed, went
// back to sleep 88 ms after a pull a hint had asked for, woke again for the next, and broke no other
// rule. (A session the app ends itself is one whose connection it closed at that instant; its
// heartbeat timeout, the other reason it closes one, needs a silence longer than wakeLinger and a
// disk write, where the knobs allow the rule.)
// And it sleeps only from a session (`app-sleep`, traced as it goes back to sleep): an app that
// slept with its login still under way, its linger timer firing on a slow link, wasted its wake,
// and broke no rule: its messages waited for the next background fetch, within the woken deadline.
import type { SmallLists } from '../../sim/smallLists.js';
import { traceKindByName } from '../../sim/traceKinds.js';
import { EV_CURSOR, EV_PULL, EV_SEND_ACKED, EV_SEND_REJECTED, EV_SESSION, EV_SLEEP, SESSION_WOKEN } from '../../system/events.js';
import { formatBudgetMs } from '../bounds.js';
import type { CheckerContext } from '../checker.js';
import { Ledger, type DeviceFacts } from '../ledger.js';
import { PerProcess } from '../perProcess.js';

export const LINGER = 'linger';
export const SLEPT_EARLY = 'slept-early';
export const SLEPT_CONNECTING = 'slept-connecting';

/** A woken session: whether a pull is under way (the catch-up from its start, too), and since when it has nothing to do. */
interface Woken {
  readonly sessionEpoch: number;
  readonly appEpoch: number;
  pulling: boolean;
  pulledUs: number;
  /** When its latest send left the outbox at the latest (-Infinity: none). */
  settledUs: number;
}

export interface WakeLinger {
  judge(nowUs: number): void;
}

/** `unsettled`: each device's sends not yet acked or rejected (timeliness keeps it). */
export function wakeLinger(invariant: string, { sim, ledger, sink, knobs, bounds, paths }: CheckerContext, unsettled: SmallLists): WakeLinger {
  const lingerUs = knobs.wakeLingerUs;
  /** Devices in a woken session (a few at a time). */
  const woken = new Map<number, Woken>();
  /** When the session must have ended, or undefined while the app still has work. */
  const dueUs = (id: number, state: Woken): number | undefined =>
    state.pulling || unsettled.size(id) > 0 ? undefined : Math.max(state.pulledUs, state.settledUs) + lingerUs;
  const stands = (device: DeviceFacts, state: Woken): boolean => device.up && !device.retired && device.background && device.appEpoch === state.appEpoch;
  /** Reports the session if it was due before `atUs`; true if it did. */
  const late = (device: DeviceFacts, state: Woken, atUs: number, ended: boolean): boolean => {
    const due = dueUs(device.id, state);
    if (due === undefined || atUs <= due) return false;
    const idleUs = due - lingerUs;
    if (paths.deviceTouched(device, idleUs, atUs)) return false;
    const what = ended ? 'ended' : 'still up';
    const detail = `${LINGER}: a woken session ${what} ${formatBudgetMs(atUs - idleUs)} after the app caught up and settled its sends, in the background (it sleeps again ${formatBudgetMs(lingerUs)} after that)`;
    sink.violate(invariant, { kind: LINGER, detail, user: device.user, device: device.id });
    return true;
  };
  /** Whether a session the app ended itself is surely no heartbeat timeout (see the header). */
  const earlyJudged = lingerUs + bounds.deviceWriteMaxUs <= knobs.deviceHeartbeatTimeoutUs;
  /** Per device: when it last closed a connection itself. */
  const closedUs = new PerProcess(-1);
  /** Reports a session the app ended itself before wakeLinger had passed since its latest pull. */
  const early = (device: DeviceFacts, state: Woken, atUs: number): void => {
    if (!earlyJudged || closedUs.get(device.id) !== atUs || atUs - state.pulledUs >= lingerUs || paths.deviceTouched(device, state.pulledUs, atUs)) return;
    const detail = `${SLEPT_EARLY}: a woken app ended its session ${formatBudgetMs(atUs - state.pulledUs)} after its latest pull ended, in the background (it lingers ${formatBudgetMs(lingerUs)} after each)`;
    sink.violate(invariant, { kind: SLEPT_EARLY, detail, user: device.user, device: device.id });
  };
  const trace = sim.trace;
  trace.on(traceKindByName('conn-close')!, (timeUs, by) => {
    if (sim.process(by).netClass === 'device') closedUs.set(by, timeUs);
  });
  trace.on(EV_SESSION, (timeUs, id, kind) => {
    const state = woken.get(id);
    if (state !== undefined) {
      woken.delete(id);
      // The ledger has ended the session already: judge by the app's state, not the session's epoch.
      const device = ledger.device(id);
      if (stands(device, state) && !late(device, state, timeUs, true)) early(device, state, timeUs);
    }
    if (kind !== SESSION_WOKEN) return;
    const device = ledger.device(id);
    woken.set(id, { sessionEpoch: device.sessionEpoch, appEpoch: device.appEpoch, pulling: true, pulledUs: timeUs, settledUs: -Infinity });
  });
  trace.on(EV_SLEEP, (_t, id) => {
    const device = ledger.device(id);
    if (Ledger.connected(device)) return;
    const detail = `${SLEPT_CONNECTING}: a woken app went back to sleep with no session, its login still under way (it stays awake until it has one, and is done)`;
    sink.violate(invariant, { kind: SLEPT_CONNECTING, detail, user: device.user, device: id });
  });
  trace.on(EV_PULL, (_t, id) => {
    const state = woken.get(id);
    if (state !== undefined) state.pulling = true;
  });
  trace.on(EV_CURSOR, (timeUs, id) => {
    const state = woken.get(id);
    if (state === undefined) return;
    state.pulling = false;
    state.pulledUs = timeUs;
  });
  for (const settled of [EV_SEND_ACKED, EV_SEND_REJECTED]) {
    trace.on(settled, (timeUs, id) => {
      const state = woken.get(id);
      if (state !== undefined) state.settledUs = timeUs + bounds.deviceWriteMaxUs;
    });
  }
  return {
    judge(nowUs) {
      for (const [id, state] of woken) {
        const device = ledger.device(id);
        if (!stands(device, state) || device.sessionEpoch !== state.sessionEpoch || late(device, state, nowUs, false)) woken.delete(id);
      }
    },
  };
}
