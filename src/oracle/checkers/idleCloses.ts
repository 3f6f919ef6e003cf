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
// Nor later (`idle-close-late`): the sweep runs every heartbeat interval, so a connection silent for
// serverIdleTimeout is closed within one interval more. A ConnectSvr that gave each phone an
// interval of grace kept half-open sessions on PushSvr's books that long, hints going into the void.
// Judged as it closes a connection or takes in a word on it again, from when it last took one in: a
// login when it serves it (a queued login waits), any other word as it arrives; not where a pause
// may have held its sweep.
import { hashString, traceKindByName } from '../../sim/traceKinds.js';
import { EV_LOGIN } from '../../system/events.js';
import { formatBudgetMs, TIMER_ROUNDING_US } from '../bounds.js';
import type { CheckerContext } from '../checker.js';
import { InstantSuspects } from '../instantSuspects.js';
import { PerProcess } from '../perProcess.js';

export const IDLE_CLOSE = 'idle-close';
export const IDLE_CLOSE_LATE = 'idle-close-late';

const HELLO = hashString('hello');

export function idleCloses(invariant: string, { sim, ledger, sink, knobs, connClients, heldBack }: CheckerContext): (nowUs: number) => void {
  const idleUs = knobs.serverIdleTimeoutUs;
  const lateUs = idleUs + knobs.heartbeatIntervalUs + TIMER_ROUNDING_US;
  const isServer = (process: number) => sim.process(process).netClass !== 'device';
  /** Per connection id: when its ConnectSvr last heard on it (its accept at first). */
  const heardUs = new PerProcess(-1);
  /** Closes too soon for silence, each excused only by a login of its device at the same instant (with the silence). */
  const suspects = new InstantSuspects();
  const trace = sim.trace;
  /** Per connection id: when its ConnectSvr last took a word in on it (a login as it served it). */
  const takenInUs = new PerProcess(-1);
  trace.on(traceKindByName('conn-accept')!, (timeUs, _server, conn) => {
    heardUs.set(conn, timeUs);
    takenInUs.set(conn, timeUs);
  });
  const judgeLate = (connectSvr: number, conn: number, what: string) => {
    const silenceUs = sim.nowUs - takenInUs.get(conn);
    if (silenceUs <= lateUs || heldBack.touched(connectSvr, takenInUs.get(conn), sim.nowUs)) return;
    const device = connClients.of(conn);
    const detail = `${IDLE_CLOSE_LATE}: ${sim.process(connectSvr).name} ${what} the connection of ${sim.process(device).name} after ${formatBudgetMs(silenceUs)} of silence on it (its sweep, every ${formatBudgetMs(knobs.heartbeatIntervalUs)}, closes one silent for ${formatBudgetMs(idleUs)})`;
    sink.violate(invariant, { kind: IDLE_CLOSE_LATE, detail, user: ledger.device(device).user, device });
  };
  /** Per connection id: when its ConnectSvr heard on it before the latest message, if that message is refused. */
  const heardBeforeUs = new PerProcess(-1);
  // Every message on a long connection comes through here: the server end is the one that is not the client.
  trace.on(traceKindByName('conn-message')!, (timeUs, target, conn, _from, type) => {
    if (target === connClients.of(conn)) return;
    heardBeforeUs.set(conn, heardUs.get(conn));
    heardUs.set(conn, timeUs);
    judgeLate(target, conn, 'took a word in on');
    if (type !== HELLO) takenInUs.set(conn, timeUs);
  });
  // A login refused at a full queue was never heard: ConnectSvr answered "busy" and read no further
  // (gprs-backlog seed 1110068 under swarm: a refused hello, then the device went offline, and the
  // sweep rightly closed the connection 35 s after its accept, 34 s after the hello).
  trace.on(traceKindByName('queue-full')!, (_t, _server, conn) => heardUs.set(conn, heardBeforeUs.get(conn)));
  trace.on(traceKindByName('conn-close')!, (timeUs, by, conn) => {
    const device = connClients.of(conn);
    if (device < 0 || !isServer(by)) return;
    if (sim.process(by).up) judgeLate(by, conn, 'closed');
    if (timeUs - heardUs.get(conn) >= idleUs) return;
    suspects.add(timeUs, by, device, timeUs - heardUs.get(conn));
  });
  trace.on(EV_LOGIN, (timeUs, connectSvr, device, conn) => {
    suspects.excuse(timeUs, connectSvr, device);
    takenInUs.set(conn, timeUs);
  });
  return (nowUs) =>
    suspects.judge(nowUs, (connectSvr, device, silenceUs) => {
      const detail = `${IDLE_CLOSE}: ${sim.process(connectSvr).name} closed the device's connection after ${formatBudgetMs(silenceUs)} of silence on it, with no login of the device at that moment (it closes for silence after ${formatBudgetMs(idleUs)})`;
      sink.violate(invariant, { kind: IDLE_CLOSE, detail, user: ledger.device(device).user, device });
    });
}
