// timeliness's background fetch promise: an app in the background fetches once every
// backgroundFetch, counted from when it went to the background, whatever else wakes it between.
// The fetch is what finds a message whose platform push was lost, so each one put off is a message
// found later: an app that armed its fetch timer again as a woken session ended (from then, not
// from the fetch before) let every platform push delay the next fetch, and broke no other rule.
// The oracle keeps the schedule itself, from the app's move to the background, and judges it only
// while the spell lasts in one app epoch (ledger.ts: a crash, a restart or a move to the foreground
// ends it). A fetch held back by a fault on the device (a pause releases its timers late) is not
// judged, and the schedule runs on from it, as the app's own timer does.
import { EV_APP_STATE, EV_BACKGROUND_FETCH } from '../../system/events.js';
import { formatBudgetMs } from '../bounds.js';
import type { CheckerContext } from '../checker.js';
import { PerProcess } from '../perProcess.js';

export const FETCHES = 'fetches';

export function fetchSchedule(invariant: string, { sim, ledger, sink, paths, knobs }: CheckerContext): (nowUs: number) => void {
  const periodUs = knobs.backgroundFetchUs;
  /** Per device: when its next fetch is due (Infinity: none), in which app epoch, and whether a miss was reported. */
  const dueUs = new PerProcess(Infinity);
  const epochOf = new PerProcess(-1);
  const reported = new PerProcess(0);
  /** Devices with a fetch due. */
  const scheduled = new Set<number>();
  const schedule = (id: number, atUs: number): void => {
    dueUs.set(id, atUs);
    epochOf.set(id, ledger.device(id).appEpoch);
    reported.set(id, 0);
    scheduled.add(id);
  };
  const report = (id: number, what: string): void => {
    const device = ledger.device(id);
    reported.set(id, 1);
    const detail = `${FETCHES}: ${what} (an app in the background fetches every ${formatBudgetMs(periodUs)} from when it went there; no fault touched the device)`;
    sink.violate(invariant, { kind: FETCHES, detail, user: device.user, device: id });
  };
  /** Whether the device's schedule still stands: the same background spell of a live app. */
  const standing = (id: number): boolean => {
    const device = ledger.device(id);
    return device.up && !device.retired && device.background && device.appEpoch === epochOf.get(id);
  };
  sim.trace.on(EV_APP_STATE, (timeUs, id, background) => {
    if (background === 1 && ledger.device(id).up) schedule(id, timeUs + periodUs);
    else scheduled.delete(id);
  });
  sim.trace.on(EV_BACKGROUND_FETCH, (timeUs, id) => {
    const expectedUs = dueUs.get(id);
    if (!scheduled.has(id) || !standing(id)) {
      report(id, `a background fetch at ${formatBudgetMs(timeUs)} outside a background spell`);
      return;
    }
    if (timeUs !== expectedUs && reported.get(id) === 0 && !paths.deviceTouched(ledger.device(id), Math.min(timeUs, expectedUs), timeUs)) {
      report(id, `a background fetch at ${formatBudgetMs(timeUs)}, due at ${formatBudgetMs(expectedUs)}`);
    }
    schedule(id, timeUs + periodUs);
  });
  return (nowUs) => {
    for (const id of scheduled) {
      if (!standing(id)) {
        scheduled.delete(id);
        continue;
      }
      const expectedUs = dueUs.get(id);
      if (expectedUs >= nowUs || reported.get(id) === 1 || paths.deviceTouched(ledger.device(id), expectedUs, nowUs)) continue;
      report(id, `no background fetch by ${formatBudgetMs(nowUs)}, due at ${formatBudgetMs(expectedUs)}`);
    }
  };
}
