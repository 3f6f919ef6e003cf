// timeliness's reconnect promises, on the device's backoff ladder:
//   first  an app's reconnect backoff starts over with every session, so when a foreground app's
//          session ends, its first connect attempt comes within reconnectBase. An app that never
//          reset its backoff (every drop doubling the wait, up to reconnectCap) broke no other
//          rule: a promise of delivery lapses with the session it was made in, and the bound on a
//          connect allows the whole backoff ladder, as it must for attempts that failed.
//   next   a foreground app without a session keeps trying: attempt k (the count the app traces,
//          from 0 at each session) that does not log in is followed by another within
//          connectTimeout (the attempt's own limit) and its rung of the ladder,
//          min(reconnectCap, reconnectBase * 2^k). An app whose backoff doubled past its cap, or
//          that gave up after a few failures, waited out an outage longer than the ladder allows;
//          the heal, which brings every app to the foreground again, hid it from every check of
//          delivery.
//   rung   an attempt refused "busy" is over as the app hears it: the next comes within the
//          attempt's rung of that. An app that jumped its backoff to the cap at every "busy" left a
//          storm's refused phones 15 s on average without a session, not 0.3 s, delivery p50 844 ms
//          instead of 101, within every bound before (connectTimeout and the cap).
//   elsewhere  an attempt that follows a failed one goes to another ConnectSvr (each failure moves
//          one along the list, from the device's own): an app pinned to one access point waits out
//          that server's whole outage while the others could take it, and only a slower reconnect
//          showed it, within every bound on delivery.
//   spread a first attempt's wait is drawn at random below the first backoff (jitter), so apps
//          dropped together (a ConnectSvr's crash, a network back) do not come back together. Apps
//          on a fixed backoff each waited exactly reconnectBase: a thundering herd at every server
//          that comes back, within every bound on delivery. So at least SPREAD_MIN_WAITS first waits
//          of which half or more are the very same wait (whole us) fail; drawn at random from
//          hundreds of thousands of values, even four alike are next to impossible. A first backoff
//          under SPREAD_MIN_BASE_US offers too few whole-us waits for a repeat to mean anything (at
//          1 us every wait is 0 or 1 us), and is not judged.
//   busy   an attempt after a login refused "busy" waits a backoff drawn at random too (judged the
//          same way, a wait of none included): an app that went straight on to the next ConnectSvr
//          hammered a full access layer with every refusal, a login storm twenty times the size,
//          within every bound on delivery.
// All lapse when the app dies, moves to the background or goes away (its app epoch changes).
import { EV_CONNECT_ATTEMPT, EV_SESSION, SESSION_DOWN } from '../../system/events.js';
import { formatBudgetMs, TIMER_ROUNDING_US } from '../bounds.js';
import type { CheckerContext } from '../checker.js';
import { PerProcess } from '../perProcess.js';

export const RECONNECT = 'reconnect';

export interface ReconnectPromises {
  /** Reports every device whose next attempt is overdue. */
  judge(nowUs: number): void;
}

/** A device's owed attempt: since when, within what budget, and after what. */
interface Owed {
  readonly sinceUs: number;
  readonly budgetUs: number;
  readonly appEpoch: number;
  /** After a session ended (within reconnectBase), or after an attempt that did not log in. */
  readonly afterAttempt: boolean;
  /** The attempt's "busy" answer came: owed from hearing it, within the attempt's rung. */
  readonly afterBusy: boolean;
  /** The attempt's count, as the app traced it (-1 after a session). */
  readonly attempt: number;
  /** The ConnectSvr that attempt went to (-1 after a session). */
  readonly connectSvr: number;
}

/** First waits that must be seen before their spread is judged (see "spread"). */
const SPREAD_MIN_WAITS = 8;
/** At most this many distinct first waits are counted: bounded memory however long the run. */
const SPREAD_WAITS_MAX = 4_096;
/** The shortest first backoff whose waits are judged for spread: a thousand whole-us waits to draw from. */
const SPREAD_MIN_BASE_US = 1_000;

export function reconnectPromises(invariant: string, { sim, ledger, sink, knobs, paths }: CheckerContext): ReconnectPromises {
  const baseUs = knobs.reconnectBaseUs;
  // The world fills the topology in after the oracle is made: read it when asked.
  const connectSvrCount = (): number => paths.routes.topology.connectSvrs.length;
  /** The most the backoff after attempt k waits (a timer's rounding up included). */
  const rungUs = (attempt: number): number => Math.min(knobs.reconnectCapUs, baseUs * 2 ** attempt) + TIMER_ROUNDING_US;
  const owedBy = new Map<number, Owed>();
  /** A foreground app that is up wants a connection (a background one only when woken, which is not promised here). */
  const wantsConnection = (id: number): boolean => {
    const device = ledger.device(id);
    return device.up && !device.background && !device.retired;
  };
  /** `attempt` -1: after a session ended; else after that attempt, which did not log in (`afterBusy`: refused "busy", heard now). */
  const owe = (id: number, sinceUs: number, attempt: number, connectSvr = -1, afterBusy = false): void => {
    const afterAttempt = attempt >= 0;
    const budgetUs = !afterAttempt ? baseUs : afterBusy ? rungUs(attempt) : knobs.connectTimeoutUs + rungUs(attempt);
    owedBy.set(id, { sinceUs, budgetUs, appEpoch: ledger.device(id).appEpoch, afterAttempt, afterBusy, attempt, connectSvr });
  };
  const stands = (id: number, owed: Owed): boolean => {
    const device = ledger.device(id);
    return !device.retired && device.appEpoch === owed.appEpoch;
  };
  const report = (id: number, detail: string): void => sink.violate(invariant, { kind: RECONNECT, detail, user: ledger.device(id).user, device: id });
  const late = (id: number, owed: Owed, whatUs: number, what: string): void => {
    owedBy.delete(id);
    const after = owed.afterBusy ? `its attempt ${owed.attempt} was refused "busy"` : owed.afterAttempt ? `its attempt ${owed.attempt}, which did not log in` : 'its session ended';
    const rung = `the backoff after attempt ${owed.attempt} at most ${formatBudgetMs(rungUs(owed.attempt) - TIMER_ROUNDING_US)}, min(${formatBudgetMs(knobs.reconnectCapUs)}, ${formatBudgetMs(baseUs)} x 2^${owed.attempt})`;
    const bound = owed.afterBusy
      ? rung
      : owed.afterAttempt
        ? `an attempt lasts at most ${formatBudgetMs(knobs.connectTimeoutUs)}, ${rung}`
        : `the first backoff is at most ${formatBudgetMs(baseUs)}`;
    report(id, `reconnect: ${what} ${formatBudgetMs(whatUs - owed.sinceUs)} after ${after} (${bound})`);
  };
  const samePlace = (id: number, owed: Owed, connectSvr: number, timeUs: number): void =>
    report(id, `reconnect: tried ${sim.process(connectSvr).name} again after an attempt there failed ${formatBudgetMs(timeUs - owed.sinceUs)} before (each failed attempt moves on to the next of the ${connectSvrCount()} ConnectSvrs)`);
  /**
   * Waits that should be drawn at random: of SPREAD_MIN_WAITS or more, half or more the very same
   * wait (whole us) fails, once. `dialsAtOnce`: a wait of none is no backoff (a reconnect storm dials at once).
   */
  const spreadOf = (dialsAtOnce: boolean, detail: (same: number, count: number, waitUs: number) => string) => {
    /** How many waits came out at each length (us), and how many in all. */
    const waits = new Map<number, number>();
    let count = 0;
    /** Reported already, or a first backoff too short to judge. */
    let settled = baseUs < SPREAD_MIN_BASE_US;
    return (id: number, waitUs: number): void => {
      if (settled || (dialsAtOnce && waitUs <= 0)) return;
      const same = (waits.get(waitUs) ?? 0) + 1;
      if (same > 1 || waits.size < SPREAD_WAITS_MAX) waits.set(waitUs, same);
      count++;
      if (count < SPREAD_MIN_WAITS || 2 * same < count) return;
      settled = true;
      report(id, `reconnect: ${detail(same, count, waitUs)}`);
    };
  };
  const spread = spreadOf(true, (same, count, waitUs) => `${same} of ${count} apps whose sessions ended made their first attempt exactly ${formatBudgetMs(waitUs)} after (a backoff without jitter brings apps dropped together back together)`);
  const spreadAfterBusy = spreadOf(false, (same, count, waitUs) => `${same} of ${count} attempts after a login refused "busy" came exactly ${formatBudgetMs(waitUs)} after the app heard it (a backoff drawn at random spreads the apps a full login queue turned away)`);
  /** Per device: when its latest "busy" answer reached it, until its next attempt (-1: none). */
  const busyAtUs = new PerProcess(-1);
  sim.network.watch('hello-busy', (device, _from, delivered) => {
    if (!delivered) return;
    busyAtUs.set(device, sim.nowUs);
    // Delivered, so on the connection of the app's latest attempt (it closes the one before as it dials).
    const owed = owedBy.get(device);
    if (owed !== undefined && owed.afterAttempt && stands(device, owed) && wantsConnection(device)) owe(device, sim.nowUs, owed.attempt, owed.connectSvr, true);
  });
  sim.trace.on(EV_SESSION, (timeUs, id, kind) => {
    // A session up owes nothing; nor does a background app, or one that died or went away.
    if (kind === SESSION_DOWN && wantsConnection(id)) owe(id, timeUs, -1);
    else owedBy.delete(id);
  });
  sim.trace.on(EV_CONNECT_ATTEMPT, (timeUs, id, connectSvr, attempt) => {
    const busyUs = busyAtUs.get(id);
    if (busyUs >= 0) {
      busyAtUs.set(id, -1);
      spreadAfterBusy(id, timeUs - busyUs);
    }
    const owed = owedBy.get(id);
    if (owed !== undefined && stands(id, owed)) {
      if (timeUs - owed.sinceUs > owed.budgetUs) late(id, owed, timeUs, owed.afterAttempt ? 'next attempt' : 'first attempt');
      else if (!owed.afterAttempt) spread(id, timeUs - owed.sinceUs);
      // A retry (its attempt count past 0: a reconnect storm or a restart starts the count over) after one that failed.
      else if (owed.afterAttempt && attempt > 0 && connectSvr === owed.connectSvr && connectSvrCount() > 1) samePlace(id, owed, connectSvr, timeUs);
    }
    // Until it logs in, the next attempt is owed.
    if (wantsConnection(id)) owe(id, timeUs, attempt, connectSvr);
    else owedBy.delete(id);
  });
  return {
    judge(nowUs) {
      for (const [id, owed] of owedBy) {
        if (!stands(id, owed)) owedBy.delete(id);
        else if (nowUs - owed.sinceUs > owed.budgetUs) late(id, owed, nowUs, 'no attempt');
      }
    },
  };
}
