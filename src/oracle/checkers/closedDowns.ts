// timeliness, down-open: a ConnectSvr tells PushSvr a login ended (presence-down) only once the
// login's connection is closed at its end: it closed it (its idle sweep, a newer login of the
// device) or learnt the device did. A ConnectSvr whose idle sweep forgot a silent session without
// closing its socket held it open until the phone's own heartbeat timeout, which then had to find
// out for itself (2.8 such connections a run), and broke no rule.
import { traceKindByName } from '../../sim/traceKinds.js';
import type { PresenceDown } from '../../system/wire.js';
import type { CheckerContext } from '../checker.js';

export const DOWN_OPEN = 'down-open';

export function closedDowns(invariant: string, { sim, sink, ledger }: CheckerContext): void {
  /** Per ConnectSvr: the connections closed at its end that no presence-down has named yet. */
  const closedAt = new Map<number, Set<number>>();
  const closed = (process: number): Set<number> => {
    let conns = closedAt.get(process);
    if (conns === undefined) closedAt.set(process, (conns = new Set()));
    return conns;
  };
  // An end closing a connection itself, or learning that the other end did.
  const ended = (_t: number, end: number, conn: number): void => {
    if (sim.process(end).netClass !== 'device') closed(end).add(conn);
  };
  sim.trace.on(traceKindByName('conn-close')!, ended);
  sim.trace.on(traceKindByName('conn-closed')!, ended);
  sim.trace.on(traceKindByName('crash')!, (_t, process) => closedAt.delete(process));
  sim.network.watchSends('presence-down', (connectSvr, _pushSvr, message) => {
    const { device, connId } = message as PresenceDown;
    if (closed(connectSvr).delete(connId)) return;
    const detail = `${DOWN_OPEN}: ${sim.process(connectSvr).name} told PushSvr the login of ${sim.process(device).name} on connection ${connId} ended, and holds that connection open (a login ends with its connection closed)`;
    sink.violate(invariant, { kind: DOWN_OPEN, detail, device, user: ledger.device(device).user });
  });
}
