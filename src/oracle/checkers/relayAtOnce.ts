// timeliness, relay-at-once: the access and logic layers pass a request on in the instant it comes.
//   - A ConnectSvr passes a logged-in device's send or pull on to SendSvr or ReceiveSvr, storm or
//     not: only logins queue for the login path's service time. A ConnectSvr that charged that time
//     to every message of a reconnect storm held live sessions' pulls and sends behind the logins
//     (pulls waiting 2.7 s instead of 49 ms, a delivery 37 s instead of 2.5 s), dropped them when the
//     queue was full, and broke no rule: the storm is a fault, and it excused every deadline.
//   - A ReceiveSvr asks the inbox's MsgStore for a read for every pull it takes. One that took no
//     pull of a device while a read for it was under way ("its answer answers this pull too") left
//     a fresh pull that met a stale read waiting a whole pull timeout, and broke no rule.
// Judged per message: a send-req or pull-req that reaches the ConnectSvr on a connection it took a
// login on, or a pull-rpc that reaches a ReceiveSvr, owes its send-rpc, pull-rpc or read-req before
// the clock moves on (the connection is the one the trace's conn-message event named just before
// the network told its watchers). A server that crashed in the handler (a crash point) owes nothing.
import { traceKindByName } from '../../sim/traceKinds.js';
import { EV_LOGIN } from '../../system/events.js';
import type { PullReq, PullRpc, ReadReq, SendReq, SendRpc } from '../../system/wire.js';
import { formatBudgetMs } from '../bounds.js';
import type { CheckerContext } from '../checker.js';
import { PerProcess } from '../perProcess.js';

export const RELAY_AT_ONCE = 'relay-at-once';

const SEND = 0;
const PULL = 1;
const READ = 2;
const TOOK = ['send-req of message', 'pull-req', 'pull-rpc'];
const PASSED = ['passed it on', 'passed it on', 'asked for its read'];
/** Words per owed relay: server, its incarnation, kind, key (msgId, reqId or device), device, arrival time. */
const WORDS = 6;

export function relayAtOnce(invariant: string, { sim, sink }: CheckerContext): (nowUs: number) => void {
  /** By connection id: the device a ConnectSvr took a login from on it (-1: none). */
  const loggedIn = new PerProcess(-1);
  sim.trace.on(EV_LOGIN, (_t, _connectSvr, device, conn) => loggedIn.set(conn, device));
  let arrivedOn = -1;
  sim.trace.on(traceKindByName('conn-message')!, (_t, _to, conn) => {
    arrivedOn = conn;
  });
  /** Relays owed, flat (see WORDS): settled within the handler that owes them, so at most a few. */
  const owed: number[] = [];
  const owe = (server: number, device: number, kind: number, key: number) => owed.push(server, sim.process(server).incarnation, kind, key, device, sim.nowUs);
  /** Drops the relay at `at`, the last one moving into its place (their order does not matter). */
  const drop = (at: number) => {
    const last = owed.length - WORDS;
    for (let word = 0; word < WORDS; word++) owed[at + word] = owed[last + word]!;
    owed.length = last;
  };
  const settle = (server: number, kind: number, key: number) => {
    for (let at = owed.length - WORDS; at >= 0; at -= WORDS) {
      if (owed[at] === server && owed[at + 2] === kind && owed[at + 3] === key) return drop(at);
    }
  };
  sim.network.watch('send-req', (connectSvr, device, delivered, message) => {
    if (delivered && loggedIn.get(arrivedOn) === device) owe(connectSvr, device, SEND, (message as SendReq).message.msgId);
  });
  sim.network.watch('pull-req', (connectSvr, device, delivered, message) => {
    if (delivered && loggedIn.get(arrivedOn) === device) owe(connectSvr, device, PULL, (message as PullReq).reqId);
  });
  sim.network.watch('pull-rpc', (receiveSvr, _connectSvr, delivered, message) => {
    if (!delivered) return;
    const { device } = message as PullRpc;
    owe(receiveSvr, device, READ, device);
  });
  sim.network.watchSends('send-rpc', (connectSvr, _sendSvr, message) => settle(connectSvr, SEND, (message as SendRpc).message.msgId));
  sim.network.watchSends('pull-rpc', (connectSvr, _receiveSvr, message) => settle(connectSvr, PULL, (message as PullRpc).req.reqId));
  sim.network.watchSends('read-req', (receiveSvr, _store, message) => settle(receiveSvr, READ, (message as ReadReq).device));
  return (nowUs) => {
    for (let at = owed.length - WORDS; at >= 0; at -= WORDS) {
      const [server, incarnation, kind, key, device, arrivedUs] = owed.slice(at, at + WORDS) as [number, number, number, number, number, number];
      if (arrivedUs >= nowUs) continue;
      drop(at);
      if (sim.process(server).incarnation !== incarnation) continue;
      const what = kind === READ ? TOOK[kind] : `${TOOK[kind]} ${key}`;
      const from = kind === READ ? `for ${sim.process(device).name}` : `from ${sim.process(device).name}, logged in on that connection,`;
      const detail = `${RELAY_AT_ONCE}: ${sim.process(server).name} took ${what} ${from} at ${formatBudgetMs(arrivedUs)}, and had not ${PASSED[kind]} by ${formatBudgetMs(nowUs)} (a request goes on at once; only logins queue)`;
      sink.violate(invariant, { kind: RELAY_AT_ONCE, detail, device });
    }
  };
}
