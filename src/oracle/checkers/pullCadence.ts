// timeliness's periodic pull promise: an app pulls on its period, no more often. In the foreground
// its periodic pull comes once per periodicPull; in the background (woken), its background fetch
// once per backgroundFetch. Each timer is armed again when it fires, and leaving the app state
// cancels the background one, so nothing brings a periodic pull sooner within one app state.
// Each pull costs the phone radio time and MsgStore a read: an app that lost the handle of its
// re-armed background fetch timer, so that coming to the foreground cancelled a stale one, pulled
// half again as often for the rest of the run and broke no other rule.
// Judged per app epoch (ledger.ts: it changes when the app starts, dies or changes state), so the
// first periodic pull after any change starts afresh.
import { EV_PULL, PULL_REASONS } from '../../system/events.js';
import { formatBudgetMs } from '../bounds.js';
import type { CheckerContext } from '../checker.js';
import { PerProcess } from '../perProcess.js';

export const PULLS = 'pulls';

const PERIODIC = PULL_REASONS.indexOf('periodic');

export function pullCadence(invariant: string, { sim, ledger, sink, knobs }: CheckerContext): void {
  /** Per device: its latest periodic pull, and the app epoch it came in. */
  const lastUs = new PerProcess(-Infinity);
  const lastEpoch = new PerProcess(-1);
  sim.trace.on(EV_PULL, (timeUs, id, _seqCli, _reqId, reason) => {
    if (reason !== PERIODIC) return;
    const device = ledger.device(id);
    const sinceUs = lastUs.get(id);
    const sameState = lastEpoch.get(id) === device.appEpoch;
    lastUs.set(id, timeUs);
    lastEpoch.set(id, device.appEpoch);
    const periodUs = device.background ? knobs.backgroundFetchUs : knobs.periodicPullUs;
    if (!sameState || timeUs - sinceUs >= periodUs) return;
    const where = device.background ? 'in the background (one background fetch every' : 'in the foreground (one periodic pull every';
    const detail = `${PULLS}: two periodic pulls ${formatBudgetMs(timeUs - sinceUs)} apart ${where} ${formatBudgetMs(periodUs)})`;
    sink.violate(invariant, { kind: PULLS, detail, user: device.user, device: id });
  });
}
