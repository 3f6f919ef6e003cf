// timeliness, a pull again: an app pulls "again" after a pull only when something asked it to pull
// while that pull ran (a hint, a platform wake, a change of app state or session, or its periodic
// timer), never by habit. An app that queued a second pull after every hint-started one "in case a
// replica lagged" doubled its pulls and MsgStore's reads, and broke no other rule.
// What asked is seen as a trigger event that started no pull at its own time (the device was
// pulling, so it only noted it). The periodic timers leave no event: pulls again with no trigger seen
// may number as many as their firings since the app started (one per periodicPull, and one per
// backgroundFetch plus one for each app state change, which starts the fetch timer afresh).
import { EV_APP_STATE, EV_DEVICE_START, EV_NOTIFY, EV_PULL, EV_SESSION, EV_WAKE, PULL_REASONS } from '../../system/events.js';
import { formatBudgetMs } from '../bounds.js';
import type { CheckerContext } from '../checker.js';
import { PerProcess } from '../perProcess.js';

export const PULL_AGAIN = 'pull-again';

const AGAIN = PULL_REASONS.indexOf('again');

export function pullsAgain(invariant: string, { sim, ledger, sink, knobs }: CheckerContext): void {
  /** Per device: when its latest trigger came, until a pull settles whether it started one (-1: none). */
  const triggerUs = new PerProcess(-1);
  /** Per device: 1 once a trigger came that started no pull (the app owes a pull again). */
  const noted = new PerProcess(0);
  /** Per device: when it started, its app state changes since, and its pulls again with no trigger seen. */
  const startedUs = new PerProcess(0);
  const stateChanges = new PerProcess(0);
  const unexplained = new PerProcess(0);
  const trace = sim.trace;
  const trigger = (timeUs: number, id: number) => {
    settle(id, timeUs);
    triggerUs.set(id, timeUs);
  };
  /** A trigger before `nowUs` started no pull at its time: the app noted it. */
  const settle = (id: number, nowUs: number) => {
    const atUs = triggerUs.get(id);
    if (atUs >= 0 && atUs < nowUs) noted.set(id, 1);
    triggerUs.set(id, -1);
  };
  for (const kind of [EV_NOTIFY, EV_WAKE, EV_SESSION]) trace.on(kind, trigger);
  trace.on(EV_APP_STATE, (timeUs, id) => {
    trigger(timeUs, id);
    stateChanges.add(id, 1);
  });
  trace.on(EV_DEVICE_START, (timeUs, id) => {
    triggerUs.set(id, -1);
    noted.set(id, 0);
    startedUs.set(id, timeUs);
    stateChanges.set(id, 0);
    unexplained.set(id, 0);
  });
  trace.on(EV_PULL, (timeUs, id, _seqCli, _reqId, reason) => {
    settle(id, timeUs);
    if (reason !== AGAIN) return;
    if (noted.get(id) === 1) {
      noted.set(id, 0);
      return;
    }
    const count = unexplained.get(id) + 1;
    unexplained.set(id, count);
    const upUs = timeUs - startedUs.get(id);
    const firings = 1 + Math.floor(upUs / knobs.periodicPullUs) + 1 + stateChanges.get(id) + Math.floor(upUs / knobs.backgroundFetchUs);
    if (count !== firings + 1) return;
    const device = ledger.device(id);
    const detail = `${PULL_AGAIN}: the app pulled again ${count} times with nothing seen asking it to while it pulled, in ${formatBudgetMs(upUs)} since it started (its periodic timers fired at most ${firings} times)`;
    sink.violate(invariant, { kind: PULL_AGAIN, detail, user: device.user, device: id });
  });
}
