// timeliness, ConnectSvr's idle sweep: a ConnectSvr closes a long connection for silence only once
// it has heard nothing on it for serverIdleTimeout (35 s by default, more than the device's own 25 s
// heartbeat timeout, so that a phone whose heartbeat is late on a slow link is not cut off while it
// still waits for an answer). A ConnectSvr that swept with the device's timeout dropped live phones
// 30 s into a silence, and broke no other rule: the device reconnects and catches up.
// Judged at every close a ConnectSvr makes, from the last message it received on the connection
// (or its accept), but for a login refused at a full queue, which it never read. A close with less
// silence is one of a device that logged in again elsewhere on it, which the login at that same
// instant shows. The ConnectSvr hears a message when it serves it, at or after the message's
// arrival, so the silence counted from arrivals is never too long. The login comes in the same
// handler as the close, so by any judgment the close can be excused.
import { traceKindByName } from '../../sim/traceKinds.js';
import { EV_LOGIN } from '../../system/events.js';
import { formatBudgetMs } from '../bounds.js';
import type { CheckerContext } from '../checker.js';
import { InstantSuspects } from '../instantSuspects.js';
import { PerProcess } from '../perProcess.js';

export const IDLE_CLOSE = 'idle-close';

export function idleCloses(invariant: string, { sim, ledger, sink, knobs, connClients }: CheckerContext): (nowUs: number) => void {
  const idleUs = knobs.serverIdleTimeoutUs;
  const isServer = (process: number) => sim.process(process).netClass !== 'device';
  /** Per connection id: when its ConnectSvr last heard on it (its accept at first). */
  const heardUs = new PerProcess(-1);
  /** Closes too soon for silence, each excused only by a login of its device at the same instant (with the silence). */
  const suspects = new InstantSuspects();
  const trace = sim.trace;
  trace.on(traceKindByName('conn-accept')!, (timeUs, _server, conn) => heardUs.set(conn, timeUs));
  /** Per connection id: when its ConnectSvr heard on it before the latest message, if that message is refused. */
  const heardBeforeUs = new PerProcess(-1);
  // Every message on a long connection comes through here: the server end is the one that is not the client.
  trace.on(traceKindByName('conn-message')!, (timeUs, target, conn) => {
    if (target === connClients.of(conn)) return;
    heardBeforeUs.set(conn, heardUs.get(conn));
    heardUs.set(conn, timeUs);
  });
  // A login refused at a full queue was never heard: ConnectSvr answered "busy" and read no further
  // (gprs-backlog seed 1110068 under swarm: a refused hello, then the device went offline, and the
  // sweep rightly closed the connection 35 s after its accept, 34 s after the hello).
  trace.on(traceKindByName('queue-full')!, (_t, _server, conn) => heardUs.set(conn, heardBeforeUs.get(conn)));
  trace.on(traceKindByName('conn-close')!, (timeUs, by, conn) => {
    const device = connClients.of(conn);
    if (device < 0 || !isServer(by) || timeUs - heardUs.get(conn) >= idleUs) return;
    suspects.add(timeUs, by, device, timeUs - heardUs.get(conn));
  });
  trace.on(EV_LOGIN, (timeUs, connectSvr, device) => suspects.excuse(timeUs, connectSvr, device));
  return (nowUs) =>
    suspects.judge(nowUs, (connectSvr, device, silenceUs) => {
      const detail = `${IDLE_CLOSE}: ${sim.process(connectSvr).name} closed the device's connection after ${formatBudgetMs(silenceUs)} of silence on it, with no login of the device at that moment (it closes for silence after ${formatBudgetMs(idleUs)})`;
      sink.violate(invariant, { kind: IDLE_CLOSE, detail, user: ledger.device(device).user, device });
    });
}
