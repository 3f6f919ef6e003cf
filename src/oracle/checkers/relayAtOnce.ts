// timeliness, relay-at-once: a ConnectSvr passes a logged-in device's send or pull on to the logic
// layer (SendSvr, ReceiveSvr) in the instant it arrives, storm or not: only logins queue for the
// login path's service time. A ConnectSvr that charged that time to every message of a reconnect
// storm held live sessions' pulls and sends behind the logins (pulls waiting 2.7 s instead of 49
// ms, a delivery 37 s instead of 2.5 s), dropped them when the queue was full, and broke no rule:
// the storm is a fault, and it excused every deadline.
// Judged per message: a send-req or pull-req that reaches the ConnectSvr on a connection it took a
// login on owes its send-rpc or pull-rpc before the clock moves on. The connection is the one the
// trace's conn-message event named just before the network told its watchers.
import { traceKindByName } from '../../sim/traceKinds.js';
import { EV_LOGIN } from '../../system/events.js';
import type { PullReq, PullRpc, SendReq, SendRpc } from '../../system/wire.js';
import { formatBudgetMs } from '../bounds.js';
import type { CheckerContext } from '../checker.js';
import { PerProcess } from '../perProcess.js';

export const RELAY_AT_ONCE = 'relay-at-once';

const SEND = 0;
const PULL = 1;
const WHAT = ['send-req of message', 'pull-req'];
/** Words per owed relay: ConnectSvr, kind, key (msgId or reqId), device, arrival time. */
const WORDS = 5;

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
  const owe = (connectSvr: number, device: number, kind: number, key: number) => {
    if (loggedIn.get(arrivedOn) === device) owed.push(connectSvr, kind, key, device, sim.nowUs);
  };
  /** Drops the relay at `at`, the last one moving into its place (their order does not matter). */
  const drop = (at: number) => {
    const last = owed.length - WORDS;
    for (let word = 0; word < WORDS; word++) owed[at + word] = owed[last + word]!;
    owed.length = last;
  };
  const settle = (connectSvr: number, kind: number, key: number) => {
    for (let at = owed.length - WORDS; at >= 0; at -= WORDS) {
      if (owed[at] === connectSvr && owed[at + 1] === kind && owed[at + 2] === key) return drop(at);
    }
  };
  sim.network.watch('send-req', (connectSvr, device, delivered, message) => {
    if (delivered) owe(connectSvr, device, SEND, (message as SendReq).message.msgId);
  });
  sim.network.watch('pull-req', (connectSvr, device, delivered, message) => {
    if (delivered) owe(connectSvr, device, PULL, (message as PullReq).reqId);
  });
  sim.network.watchSends('send-rpc', (connectSvr, _sendSvr, message) => settle(connectSvr, SEND, (message as SendRpc).message.msgId));
  sim.network.watchSends('pull-rpc', (connectSvr, _receiveSvr, message) => settle(connectSvr, PULL, (message as PullRpc).req.reqId));
  return (nowUs) => {
    for (let at = owed.length - WORDS; at >= 0; at -= WORDS) {
      const [connectSvr, kind, key, device, arrivedUs] = [owed[at]!, owed[at + 1]!, owed[at + 2]!, owed[at + 3]!, owed[at + 4]!];
      if (arrivedUs >= nowUs) continue;
      drop(at);
      const detail = `${RELAY_AT_ONCE}: ${sim.process(connectSvr).name} took ${WHAT[kind]} ${key} from ${sim.process(device).name}, logged in on that connection, at ${formatBudgetMs(arrivedUs)}, and had not passed it on by ${formatBudgetMs(nowUs)} (a live session's requests go on at once; only logins queue)`;
      sink.violate(invariant, { kind: RELAY_AT_ONCE, detail, device });
    }
  };
}
