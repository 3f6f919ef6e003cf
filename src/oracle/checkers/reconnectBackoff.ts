// timeliness's reconnect promise: an app's reconnect backoff starts over with every session, so
// when a foreground app's session ends, its first connect attempt comes within reconnectBase. An
// app that never reset its backoff (every drop doubling the wait, up to reconnectCap) broke no
// other rule: a promise of delivery lapses with the session it was made in, and the bound on a
// connect allows the whole backoff ladder, as it must for attempts that failed.
import { EV_CONNECT_ATTEMPT, EV_SESSION, SESSION_DOWN } from '../../system/events.js';
import { formatBudgetMs } from '../bounds.js';
import type { CheckerContext } from '../checker.js';

export const RECONNECT = 'reconnect';

export interface ReconnectPromises {
  /** Reports every device still without an attempt after reconnectBase. */
  judge(nowUs: number): void;
}

export function reconnectPromises(invariant: string, { sim, ledger, sink, knobs }: CheckerContext): ReconnectPromises {
  const baseUs = knobs.reconnectBaseUs;
  /** Per device owing an attempt: when its session ended, and its app epoch then (a new one ends the promise). */
  const endedUs = new Map<number, number>();
  const appEpochAt = new Map<number, number>();
  const owed = (id: number): boolean => {
    const device = ledger.device(id);
    return !device.retired && device.appEpoch === appEpochAt.get(id);
  };
  const forget = (id: number): void => {
    endedUs.delete(id);
    appEpochAt.delete(id);
  };
  const late = (id: number, sinceUs: number, whatUs: number, what: string): void => {
    forget(id);
    const detail = `reconnect: ${what} ${formatBudgetMs(whatUs - sinceUs)} after its session ended (the first backoff is at most ${formatBudgetMs(baseUs)})`;
    sink.violate(invariant, { kind: RECONNECT, detail, user: ledger.device(id).user, device: id });
  };
  sim.trace.on(EV_SESSION, (timeUs, id, kind) => {
    if (kind !== SESSION_DOWN) return;
    const device = ledger.device(id);
    // A background app, or one that died or went away, wants no connection.
    if (!device.up || device.background || device.retired) return;
    endedUs.set(id, timeUs);
    appEpochAt.set(id, device.appEpoch);
  });
  sim.trace.on(EV_CONNECT_ATTEMPT, (timeUs, id) => {
    const sinceUs = endedUs.get(id);
    if (sinceUs === undefined) return;
    if (owed(id) && timeUs - sinceUs > baseUs) late(id, sinceUs, timeUs, 'first attempt');
    else forget(id);
  });
  return {
    judge(nowUs) {
      for (const [id, sinceUs] of endedUs) {
        if (!owed(id)) forget(id);
        else if (nowUs - sinceUs > baseUs) late(id, sinceUs, nowUs, 'no attempt');
      }
    },
  };
}
