// timeliness, silent-drop: an app gives up a long connection it has heard nothing on for its heartbeat
// timeout, at the next heartbeat after that: within the timeout and one interval of the last word
// it heard (the heartbeat timer runs from the connection's opening, one beat an interval). That is
// the only way a phone learns its connection went half-open. An app that measured the silence
// against the server's idle timeout (40 s) instead of its own (25 s) sat on dead connections 15 s
// longer, its messages waiting, and broke no rule: the half-open fault excused every deadline.
// Judged as the app closes its connection, or hears on it again after such a silence; not where a
// pause may have held its timers (heldBack.ts), nor at a crash, which is no choice of the app's.
import { traceKindByName } from '../../sim/traceKinds.js';
import { formatBudgetMs, TIMER_ROUNDING_US } from '../bounds.js';
import type { CheckerContext } from '../checker.js';
import { PerProcess } from '../perProcess.js';

export const SILENT_DROP = 'silent-drop';

export function silentDrop(invariant: string, { sim, sink, knobs, heldBack }: CheckerContext): void {
  const limitUs = knobs.deviceHeartbeatTimeoutUs + knobs.heartbeatIntervalUs + TIMER_ROUNDING_US;
  /** Per device: its connection now (-1: none), and when it last heard a word on it. */
  const connOf = new PerProcess(-1);
  const heardUs = new PerProcess(0);
  const judge = (device: number, what: string) => {
    const silentUs = sim.nowUs - heardUs.get(device);
    if (silentUs <= limitUs || heldBack.touched(device, heardUs.get(device), sim.nowUs)) return;
    const detail = `${SILENT_DROP}: ${sim.process(device).name} ${what} connection ${connOf.get(device)} ${formatBudgetMs(silentUs)} after it last heard a word on it (it gives a connection up at the first heartbeat past its ${formatBudgetMs(knobs.deviceHeartbeatTimeoutUs)} timeout: within ${formatBudgetMs(limitUs - TIMER_ROUNDING_US)})`;
    sink.violate(invariant, { kind: SILENT_DROP, detail, device });
  };
  sim.trace.on(traceKindByName('conn-open')!, (timeUs, device, conn) => {
    connOf.set(device, conn);
    heardUs.set(device, timeUs);
  });
  sim.trace.on(traceKindByName('conn-message')!, (timeUs, to, conn) => {
    if (connOf.get(to) !== conn) return;
    judge(to, 'heard again on');
    heardUs.set(to, timeUs);
  });
  sim.trace.on(traceKindByName('conn-close')!, (_t, by, conn) => {
    if (connOf.get(by) !== conn) return;
    if (sim.process(by).up) judge(by, 'closed');
    connOf.set(by, -1);
  });
  sim.trace.on(traceKindByName('conn-closed')!, (_t, to, conn) => {
    if (connOf.get(to) === conn) connOf.set(to, -1);
  });
}
