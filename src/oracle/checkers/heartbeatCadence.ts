// timeliness's heartbeat promise: an app sends one heartbeat per heartbeat interval on its long
// connection, no more and no fewer.
//   - No more: on a phone each costs radio time and battery, and the access layer pays for every
//     one. An app that left its heartbeat timer running when a connection died, and started another
//     with the next, beat twice as often after every quick reconnect and broke no other rule.
//   - No fewer: a connection silent longer than the interval loses its NAT mapping and is left to
//     the idle sweeps. An app that beat at its heartbeat timeout (25 s) instead of its interval
//     (10 s) kept its sessions on every calm link and broke no other rule.
// More: counted as ConnectSvrs receive them, in windows of WINDOW_INTERVALS intervals from a window's
// first heartbeat: at most one per interval, one more for a connection that replaced another within the
// window, and as many more as the device link may hold back and release at once. A window that a
// fault touched on the device or its ConnectSvr (a stall releases what it held) is not judged.
// Fewer: two heartbeats one after the other in the same session arrive at most an interval and a
// device hop apart (each is sent an interval after the last, and takes at most a hop), unless a
// fault touched the device or its ConnectSvr between them. And the first comes an interval after
// the connection opened (the app beats from its hello on): an app that armed the first beat with its
// heartbeat timeout left every new session silent for 25 s, and broke no other rule.
// Not sooner either (`heartbeat-early`): on one connection, a heartbeat arrives at least an interval
// less a device hop after the one before (or after the connection opened), unless a fault touched
// the device or its ConnectSvr between. An app that armed each beat without keeping its timer's
// handle kept every earlier connection's beat chain running on the new one; where faults broke its
// connections often, no window of six intervals went untouched, and it broke no rule.
import { hashString, traceKindByName } from '../../sim/traceKinds.js';
import { SESSION_DOWN } from '../../system/events.js';
import { formatBudgetMs, TIMER_ROUNDING_US } from '../bounds.js';
import type { CheckerContext } from '../checker.js';
import { PerProcess } from '../perProcess.js';

export const HEARTBEATS = 'heartbeats';
export const HEARTBEAT_GAP = 'heartbeat-gap';
export const HEARTBEAT_EARLY = 'heartbeat-early';

const HEARTBEAT = hashString('heartbeat');

/** How many heartbeat intervals a window spans. */
const WINDOW_INTERVALS = 6;

export function heartbeatCadence(invariant: string, { sim, ledger, sink, paths, bounds, knobs, connClients }: CheckerContext): void {
  const intervalUs = knobs.heartbeatIntervalUs;
  const windowUs = WINDOW_INTERVALS * intervalUs;
  const allowed = WINDOW_INTERVALS + 2 + Math.ceil(bounds.deviceHopMaxUs / intervalUs);
  /** Per device: when its current window began, and how many heartbeats arrived in it. */
  const windowStartUs = new PerProcess(-Infinity);
  const count = new PerProcess(0);
  const maxGapUs = intervalUs + bounds.deviceHopMaxUs;
  /** Per device: when its last heartbeat arrived, or its connection opened (1 in `opened`) if none has since. */
  const lastUs = new PerProcess(-Infinity);
  const opened = new PerProcess(0);
  /** Per connection id: when its latest heartbeat arrived, or it opened. */
  const beatOnConnUs = new PerProcess(-Infinity);
  const minGapUs = intervalUs - bounds.deviceHopMaxUs - TIMER_ROUNDING_US;
  sim.trace.on(traceKindByName('conn-open')!, (timeUs, id, conn) => {
    lastUs.set(id, timeUs);
    opened.set(id, 1);
    beatOnConnUs.set(conn, timeUs);
  });
  // The connection a heartbeat came on is the conn-message event's (traced just before its watchers are told).
  sim.trace.on(traceKindByName('conn-message')!, (timeUs, connectSvr, conn, from, type) => {
    if (type !== HEARTBEAT || from !== connClients.of(conn)) return;
    const sinceUs = beatOnConnUs.get(conn);
    beatOnConnUs.set(conn, timeUs);
    if (timeUs - sinceUs >= minGapUs) return;
    const device = ledger.device(from);
    if (paths.sessionTouched(device, connectSvr, sinceUs, timeUs)) return;
    const detail = `${HEARTBEAT_EARLY}: a heartbeat from the device reached ${sim.process(connectSvr).name} ${formatBudgetMs(timeUs - sinceUs)} after the one before on its connection (or its opening), with no fault on the device or its ConnectSvr (one every ${formatBudgetMs(intervalUs)}, each within a device hop: at least ${formatBudgetMs(minGapUs)} apart)`;
    sink.violate(invariant, { kind: HEARTBEAT_EARLY, detail, user: device.user, device: from });
  });
  const judgeGap = (connectSvr: number, id: number, nowUs: number): void => {
    const sinceUs = lastUs.get(id);
    const sinceOpen = opened.get(id) === 1;
    lastUs.set(id, nowUs);
    opened.set(id, 0);
    if (nowUs - sinceUs <= maxGapUs) return;
    // Only two heartbeats of one session (it was up before the first, and still is), or the
    // connection's opening and the first heartbeat of the session it began.
    const device = ledger.device(id);
    if (device.sessionKind === SESSION_DOWN || (sinceOpen ? device.sessionSinceUs < sinceUs : device.sessionSinceUs >= sinceUs) || paths.sessionTouched(device, connectSvr, sinceUs, nowUs)) return;
    const what = sinceOpen ? `after the device's connection opened, in the session it began` : 'of a session that lasted';
    const detail = `${HEARTBEAT_GAP}: no heartbeat from the device reached ${sim.process(connectSvr).name} for ${formatBudgetMs(nowUs - sinceUs)} ${what}, with no fault on the device or its ConnectSvr (one every ${formatBudgetMs(intervalUs)}, each within a device hop: at most ${formatBudgetMs(maxGapUs)} apart)`;
    sink.violate(invariant, { kind: HEARTBEAT_GAP, detail, user: device.user, device: id });
  };
  sim.network.watch('heartbeat', (connectSvr, id, delivered) => {
    if (!delivered) return;
    const nowUs = sim.nowUs;
    judgeGap(connectSvr, id, nowUs);
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
