// timeliness, login-timeout: an app whose login is unanswered connectTimeoutMs after it dialed gives
// that connection up then, and dials the next ConnectSvr after its backoff. An app that took the
// TCP connection opening for the connect timeout being met left every login lost after it to the
// heartbeat timeout, 25 s instead of 10, and broke no rule where a fault lost the login.
// Judged as the app's session comes up (a login answered after the timeout was taken on a
// connection it should have given up) or as it closes the connection it dialed with no session
// yet; not where a pause may have held its timers, nor at a crash. A connection that opens after
// the app gave it up is closed in the instant it opens, and is not judged.
import { traceKindByName } from '../../sim/traceKinds.js';
import { EV_CONNECT_ATTEMPT, EV_SESSION, SESSION_DOWN } from '../../system/events.js';
import { formatBudgetMs, TIMER_ROUNDING_US } from '../bounds.js';
import type { CheckerContext } from '../checker.js';
import { PerProcess } from '../perProcess.js';

export const LOGIN_TIMEOUT = 'login-timeout';

export function loginTimeout(invariant: string, { sim, sink, knobs, heldBack }: CheckerContext): void {
  const limitUs = knobs.connectTimeoutUs + TIMER_ROUNDING_US;
  /** Per device: when it last dialed (-1: never), whether a session came up since, and the connection that opened since. */
  const dialedUs = new PerProcess(-1);
  const loggedIn = new PerProcess(0);
  const openConn = new PerProcess(-1);
  const openedUs = new PerProcess(-1);
  const judge = (device: number, what: string) => {
    const sinceUs = sim.nowUs - dialedUs.get(device);
    if (sinceUs <= limitUs || heldBack.touched(device, dialedUs.get(device), sim.nowUs)) return;
    const detail = `${LOGIN_TIMEOUT}: ${sim.process(device).name} ${what} ${formatBudgetMs(sinceUs)} after it dialed (an unanswered login is given up after ${formatBudgetMs(knobs.connectTimeoutUs)})`;
    sink.violate(invariant, { kind: LOGIN_TIMEOUT, detail, device });
  };
  sim.trace.on(EV_CONNECT_ATTEMPT, (timeUs, device) => {
    dialedUs.set(device, timeUs);
    loggedIn.set(device, 0);
    openConn.set(device, -1);
  });
  sim.trace.on(traceKindByName('conn-open')!, (timeUs, device, conn) => {
    if (dialedUs.get(device) < 0 || loggedIn.get(device) === 1) return;
    openConn.set(device, conn);
    openedUs.set(device, timeUs);
  });
  sim.trace.on(EV_SESSION, (_t, device, kind) => {
    if (kind === SESSION_DOWN || loggedIn.get(device) === 1 || dialedUs.get(device) < 0) return;
    loggedIn.set(device, 1);
    judge(device, 'logged in');
  });
  sim.trace.on(traceKindByName('conn-close')!, (timeUs, device, conn) => {
    if (conn !== openConn.get(device) || timeUs === openedUs.get(device) || loggedIn.get(device) === 1 || !sim.process(device).up) return;
    openConn.set(device, -1);
    judge(device, 'gave up its unanswered login');
  });
}
