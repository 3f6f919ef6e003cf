// timeliness, a login supersedes: a ConnectSvr that takes a device's login closes the connection on
// which it took that device's login before, if it still holds it open (one session per device per
// server). The older one is most often half-open after a NAT dropped it: a ConnectSvr that kept it
// held a dead socket and session until its idle sweep, 45 s on, and went on forwarding what
// arrived on it, and broke no other rule (PushSvr followed the newer login). Judged once the
// handler that took the login is done, so a close later in it counts. The server end is open from
// its accept until the server closes it, learns it closed, or crashes.
import { traceKindByName } from '../../sim/traceKinds.js';
import { EV_LOGIN } from '../../system/events.js';
import type { CheckerContext } from '../checker.js';
import { InstantSuspects } from '../instantSuspects.js';
import { PerProcess } from '../perProcess.js';

export const SUPERSEDED = 'superseded';

export function loginsSupersede(invariant: string, { sim, ledger, sink }: CheckerContext): (nowUs: number) => void {
  const trace = sim.trace;
  /** Per connection id: its server while the server end is open (-1: closed there, or never accepted). */
  const openAt = new PerProcess(-1);
  /** Per connection id: the device whose login the server took on it. */
  const loginOf = new PerProcess(-1);
  /** Per server: device -> the connection of its latest login there. */
  const latest = new Map<number, Map<number, number>>();
  const stale = new InstantSuspects();
  const closed = (_t: number, server: number, conn: number): void => {
    if (openAt.get(conn) === server) openAt.set(conn, -1);
  };
  trace.on(traceKindByName('conn-accept')!, (_t, server, conn) => openAt.set(conn, server));
  trace.on(traceKindByName('conn-closed')!, closed);
  trace.on(traceKindByName('conn-close')!, (timeUs, by, conn) => {
    if (openAt.get(conn) !== by) return;
    closed(timeUs, by, conn);
    if (loginOf.get(conn) >= 0) stale.excuse(timeUs, by, loginOf.get(conn));
  });
  trace.on(traceKindByName('crash')!, (_t, process) => latest.delete(process));
  trace.on(EV_LOGIN, (timeUs, connectSvr, device, conn) => {
    let byDevice = latest.get(connectSvr);
    if (byDevice === undefined) latest.set(connectSvr, (byDevice = new Map()));
    const before = byDevice.get(device);
    if (before !== undefined && before !== conn && openAt.get(before) === connectSvr) stale.add(timeUs, connectSvr, device, before);
    byDevice.set(device, conn);
    loginOf.set(conn, device);
  });
  return (nowUs) =>
    stale.judge(nowUs, (connectSvr, device, conn) => {
      const detail = `${SUPERSEDED}: ${sim.process(connectSvr).name} took the device's login and kept open connection ${conn}, on which it had taken the device's login before (a login closes the device's older connection there)`;
      sink.violate(invariant, { kind: SUPERSEDED, detail, user: ledger.device(device).user, device });
    });
}
