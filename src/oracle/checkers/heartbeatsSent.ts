// timeliness, heartbeat-sent: on one long connection an app sends its heartbeats exactly one
// heartbeat interval apart, judged as it sends them (network.watchSends), so no link's losses,
// hold-backs or releases need excusing, and no fault either: a fault can end the chain (the
// connection goes) but never moves a beat. The rules on arrivals (heartbeatCadence.ts) allow for
// what a link may hold back and release at once, and a lossy link hid from them an app that armed a
// second heartbeat timer at every login (its old one running on: 2.6 times the heartbeats, 15% more
// messages at the ConnectSvrs) and one that armed each beat with its 25 s heartbeat timeout instead
// of its 10 s interval (a dead NAT mapping noticed 50 s late instead of 35).
import type { Connection } from '../../sim/connection.js';
import { formatBudgetMs, TIMER_ROUNDING_US } from '../bounds.js';
import type { CheckerContext } from '../checker.js';
import { PerProcess } from '../perProcess.js';

export const HEARTBEAT_SENT = 'heartbeat-sent';

export function heartbeatsSent(invariant: string, { sim, ledger, sink, knobs }: CheckerContext): void {
  const intervalUs = knobs.heartbeatIntervalUs;
  /** Per device: the connection of its latest heartbeat, and when it went. */
  const lastConn = new PerProcess(-1);
  const lastSentUs = new PerProcess(0);
  sim.network.watchSends('heartbeat', (device, connectSvr, _message, conn?: Connection) => {
    const connId = conn!.id;
    const nowUs = sim.nowUs;
    const gapUs = nowUs - lastSentUs.get(device);
    if (lastConn.get(device) === connId && Math.abs(gapUs - intervalUs) > TIMER_ROUNDING_US) {
      const detail = `${HEARTBEAT_SENT}: ${sim.process(device).name} sent a heartbeat to ${sim.process(connectSvr).name} ${formatBudgetMs(gapUs)} after its last on the same connection (one every ${formatBudgetMs(intervalUs)}, heartbeatIntervalMs)`;
      sink.violate(invariant, { kind: HEARTBEAT_SENT, detail, device, user: ledger.device(device).user });
    }
    lastConn.set(device, connId);
    lastSentUs.set(device, nowUs);
  });
}
