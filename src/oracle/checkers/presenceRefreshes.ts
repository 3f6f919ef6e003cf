// timeliness, presence refreshes: a running ConnectSvr runs its idle sweep every heartbeat interval
// and sends each PushSvr a picture of the devices it holds, repairing presence lost on the way and
// closing sessions gone silent. The sweep's timer is armed when the server starts, again or for the
// first time: a ConnectSvr that armed it only on its first start, after a restart, kept dead phones
// "online" to PushSvr for good and never repaired lost presence, and broke no rule, as no fault
// after the restart happened to need the repair.
// Judged as the time since its latest refresh (or its start) passes an interval and a data-centre
// hop, unless a fault may have held its datagrams or a PushSvr's back; a crash starts the count
// again at the restart.
import { TK_RESTART } from '../../sim/simulation.js';
import { formatBudgetMs } from '../bounds.js';
import type { CheckerContext } from '../checker.js';
import { PerProcess } from '../perProcess.js';

export const REFRESH = 'refresh';

export function presenceRefreshes(invariant: string, { sim, sink, knobs, bounds, paths, heldBack }: CheckerContext): (nowUs: number) => void {
  const gapMaxUs = knobs.heartbeatIntervalUs + 2 * bounds.dcHopMaxUs;
  /** Per ConnectSvr, when its latest refresh landed (or was lost), or it started. */
  const refreshedUs = new PerProcess(0);
  sim.network.watch('presence-refresh', (_pushSvr, connectSvr) => refreshedUs.set(connectSvr, sim.nowUs));
  sim.trace.on(TK_RESTART, (timeUs, process) => refreshedUs.set(process, timeUs));
  const pushSvrs = paths.routes.topology.pushSvrs;
  return (nowUs) => {
    for (const connectSvr of paths.routes.connectSvrs) {
      const sinceUs = refreshedUs.get(connectSvr);
      if (nowUs - sinceUs <= gapMaxUs || !sim.process(connectSvr).up) continue;
      refreshedUs.set(connectSvr, nowUs);
      if (heldBack.touched(connectSvr, sinceUs, nowUs) || pushSvrs.some((pushSvr) => heldBack.touched(pushSvr, sinceUs, nowUs))) continue;
      const detail = `${REFRESH}: ${sim.process(connectSvr).name} sent PushSvr no presence refresh for ${formatBudgetMs(nowUs - sinceUs)} while up (its idle sweep runs every ${formatBudgetMs(knobs.heartbeatIntervalUs)})`;
      sink.violate(invariant, { kind: REFRESH, detail });
    }
  };
}
