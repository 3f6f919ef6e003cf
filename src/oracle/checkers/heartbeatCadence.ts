// timeliness's heartbeat promise: an app sends one heartbeat per heartbeat interval on its long
// connection, and no more (on a phone each costs radio time and battery, and the access layer pays
// for every one). An app that left its heartbeat timer running when a connection died, and started
// another with the next, beat twice as often after every quick reconnect and broke no other rule.
// Counted as ConnectSvrs receive them, in windows of WINDOW_INTERVALS intervals from a window's first
// heartbeat: at most one per interval, one more for a connection that replaced another within the
// window, and as many more as the device link may hold back and release at once. A window that a
// fault touched on the device or its ConnectSvr (a stall releases what it held) is not judged.
import { formatBudgetMs } from '../bounds.js';
import type { CheckerContext } from '../checker.js';
import { PerProcess } from '../perProcess.js';

export const HEARTBEATS = 'heartbeats';

/** How many heartbeat intervals a window spans. */
const WINDOW_INTERVALS = 6;

export function heartbeatCadence(invariant: string, { sim, ledger, sink, paths, bounds, knobs }: CheckerContext): void {
  const intervalUs = knobs.heartbeatIntervalUs;
  const windowUs = WINDOW_INTERVALS * intervalUs;
  const allowed = WINDOW_INTERVALS + 2 + Math.ceil(bounds.deviceHopMaxUs / intervalUs);
  /** Per device: when its current window began, and how many heartbeats arrived in it. */
  const windowStartUs = new PerProcess(-Infinity);
  const count = new PerProcess(0);
  sim.network.watch('heartbeat', (connectSvr, id, delivered) => {
    if (!delivered) return;
    const nowUs = sim.nowUs;
    if (nowUs - windowStartUs.get(id) >= windowUs) {
      windowStartUs.set(id, nowUs);
      count.set(id, 1);
      return;
    }
    count.add(id, 1);
    if (count.get(id) !== allowed + 1) return;
    const device = ledger.device(id);
    const startUs = windowStartUs.get(id);
    if (paths.sessionTouched(device, connectSvr, startUs, nowUs)) return;
    const detail = `${HEARTBEATS}: ${allowed + 1} heartbeats from the device reached ${sim.process(connectSvr).name} in ${formatBudgetMs(nowUs - startUs)}, with no fault on the device or its ConnectSvr (one every ${formatBudgetMs(intervalUs)}: at most ${allowed} in ${formatBudgetMs(windowUs)})`;
    sink.violate(invariant, { kind: HEARTBEATS, detail, user: device.user, device: id });
  });
}
