// push-route: PushSvr routes each new message's hint the way the seed says. For every commit, each
// installed device of that user except the sending one:
//   - whose session has been up longer than presence takes to reach PushSvr, gets the hint through
//     its long connection (it arrives on the device);
//   - whose session has been down longer than its absence takes to reach PushSvr (a login the device
//     has not heard answered counts as a session), and whose platform has a push service that is on,
//     gets a platform push (the service receives the request; what the best-effort service then does
//     is its own business);
//   - in between (just connected, just gone), either route is right;
//   - and no platform push goes to a device PushSvr surely knows online on a calm route: the hint
//     reaches it, and a push on top only rings the phone twice (and spends the service's quota).
// A fault on the way (PushSvr, the device's ConnectSvr or link, the platform service, SendSvr when
// it crashed before asking for the push) explains a missing hint and is not flagged; nor is a
// device whose session ended before the hint could arrive.
// And PushSvr pushes nothing to the device that sent the message, by either route: that device holds
// its own message from the ack (timeliness's own promise), and a hint would only cost it a pull (a
// PushSvr that left out the sender's skip made every sending phone pull once per message it sent,
// and broke no other rule), nor to a device whose app was uninstalled (a PushSvr that kept such
// registrations sent each reinstalled user's dead app a hint or platform push per message).
// So does a datagram it rested on, lost on data-centre links that lose datagrams by design (see
// hintLosses.ts). On a link lossy enough for TCP to give up, a hint is also expected promptly,
// judged over the run against the odds of lost transmissions (see promptHints.ts).
// And PushSvr hints no device through a login it was told ended, and sends each hint to the
// ConnectSvr of a login it was told of (goneLogins.ts), and writes a
// device's registration only when it finds it unregistered (registerOnce.ts). SendSvr asks each
// PushSvr for a message's hints once (pushOnce.ts). A PushSvr that takes a push request decides a
// route for every registered device of its target users at once (pushComplete.ts).
import { EV_NOTIFY, EV_PLATFORM_REQUEST, EV_PUSH, EV_SENDSVR_ACK, SESSION_DOWN } from '../../system/events.js';
import { Arrivals, pairKey } from '../arrivals.js';
import { formatBudgetMs } from '../bounds.js';
import type { Checker, CheckerContext } from '../checker.js';
import type { DeviceFacts } from '../ledger.js';
import { DeadlineBook, type Obligation } from '../deadlines.js';
import { DeviceLinks } from '../deviceLinks.js';
import { HintLosses } from '../hintLosses.js';
import { PromptHints } from '../promptHints.js';
import { goneLogins } from './goneLogins.js';
import { pushComplete } from './pushComplete.js';
import { pushOnce } from './pushOnce.js';
import { registerOnce } from './registerOnce.js';

export const PUSH_ROUTE = 'push-route';

export function pushRoute(context: CheckerContext): Checker {
  const { sim, ledger, sink, knobs, bounds, paths } = context;
  goneLogins(PUSH_ROUTE, context);
  registerOnce(PUSH_ROUTE, context);
  pushOnce(PUSH_ROUTE, context);
  const judgeDecisions = pushComplete(PUSH_ROUTE, context);
  /** (device, message) pairs awaiting their hint, or their platform push request, and when it came. */
  const hints = new Arrivals();
  const platformRequests = new Arrivals();
  const awaiting = (o: Obligation) => (o.kind === 'hint' ? hints : platformRequests);
  // Only on data-centre links that lose datagrams by design can a hint's datagrams be lost outside a fault.
  const losses = knobs.dataCenterLink.lossRate > 0 ? new HintLosses(sim, paths, bounds) : undefined;
  const book = new DeadlineBook(PUSH_ROUTE, sink, (id) => ledger.device(id), {
    lapsed: (o) => {
      // A login after the ack races the push request to PushSvr (presence-up against push-req): a
      // device gone until then may rightly be hinted through its new connection instead.
      const loggedIn = o.kind === 'platform' && o.device.serverLoginUs > o.setAtUs;
      return o.device.retired || o.device.sessionEpoch !== o.epoch || loggedIn;
    },
    kept: (o) => awaiting(o).keptWithin(pairKey(o.device.id, o.msgId), o),
    disturbed: (o, dueUs) => {
      const message = ledger.message(o.msgId);
      if (losses?.lost(message, o, dueUs) === true) return true;
      if (o.kind === 'hint') return paths.hintTouched(message, o.device, o.fromUs, dueUs, o.device.connectSvr, o.device.sessionSinceUs);
      // A fault that ended before the ack has been repaired by then (its tail covers a presence refresh).
      return paths.platformRouteTouched(message, o.device, o.fromUs, dueUs);
    },
    clearUs: () => undefined,
    done: (o) => awaiting(o).forget(pairKey(o.device.id, o.msgId)),
    budget: (o) => formatBudgetMs(o.budgetUs),
    describe: (o) => ({
      detail:
        o.kind === 'hint'
          ? `no hint for message ${o.msgId} reached the device, connected since ${formatBudgetMs(o.device.sessionSinceUs)}, within ${formatBudgetMs(o.budgetUs)} of SendSvr's ack`
          : `no platform push was asked for message ${o.msgId} though the device was down since ${formatBudgetMs(o.device.sessionSinceUs)} and its ${o.device.platform} push service was on`,
      user: o.device.user,
    }),
  });
  const links = new DeviceLinks(sim, knobs);
  const prompt = new PromptHints(sim, ledger, paths, bounds, (device, msgId, byUs) => hints.lateBy(pairKey(device, msgId), byUs));
  /**
   * How long the device has been gone as PushSvr surely sees it. A ConnectSvr that took a hello the
   * device has not heard answered yet holds a session PushSvr rightly hints through, until it finds
   * that session dead (its idle timeout, counted from the last message it heard); so does a session
   * that ended amid a fault of its own. The device's last words (its goodbye, or the last message
   * before the idle timeout starts) may land long after it went silent, behind a weak link or a stall.
   */
  const surelyAbsentUs = (device: DeviceFacts, nowUs: number) => {
    if (device.serverLoginUs > device.sessionSinceUs) return nowUs - device.serverLoginUs - bounds.silentAbsenceLagUs;
    const lastWordsLagUs = links.extraHopUs(device.id, device.sessionSinceUs, bounds.deviceHopMaxUs, device.lastConnectSvr);
    const absenceLagUs = paths.sessionEndedUnclean(device) ? bounds.silentAbsenceLagUs : bounds.absenceLagUs;
    return nowUs - device.sessionSinceUs - absenceLagUs - lastWordsLagUs;
  };
  const HINT = book.text('hint');
  const PLATFORM = book.text('platform');
  const ACK_CAUSE = book.text('sendsvr-ack of');
  sim.trace.on(EV_NOTIFY, (timeUs, device, msgId) => hints.arrived(pairKey(device, msgId), timeUs));
  /** A platform push for a device whose session PushSvr has surely known since before the ack, on a route no fault touched. */
  const platformWhileConnected = (timeUs: number, msgId: number, device: DeviceFacts): void => {
    const message = ledger.message(msgId);
    const knownForUs = message.svrAckUs - device.sessionSinceUs;
    if (device.sessionKind === SESSION_DOWN || knownForUs < bounds.presenceLagUs) return;
    if (paths.hintTouched(message, device, device.sessionSinceUs, timeUs)) return;
    // Where a live connection can miss a heartbeat timeout (connectionMayDie), its ConnectSvr may have
    // rightly dropped the session for silence, and told PushSvr, before the device noticed: possible
    // once the session has lasted ConnectSvr's idle timeout. (On a link with a 3 s p99, a message 32 s
    // late held back every later one, and the ConnectSvr dropped the session 142 ms before a push.)
    if (bounds.connectionsMayDie && timeUs - device.serverLoginUs > knobs.serverIdleTimeoutUs) return;
    const detail = `a platform push was asked for message ${msgId} though the device had been connected since ${formatBudgetMs(device.sessionSinceUs)}, ${formatBudgetMs(knownForUs)} before SendSvr's ack, on a calm route`;
    sink.violate(PUSH_ROUTE, { kind: 'platform-while-connected', detail, msgId, user: device.user, device: device.id });
  };
  sim.trace.on(EV_PLATFORM_REQUEST, (timeUs, _service, msgId, device) => {
    platformRequests.arrived(pairKey(device, msgId), timeUs);
    // Where data-centre links lose datagrams by design, a presence message may be lost outside a fault.
    if (losses === undefined) platformWhileConnected(timeUs, msgId, ledger.device(device));
  });
  sim.trace.on(EV_PUSH, (_t, _pushSvr, msgId, id) => {
    const device = ledger.device(id);
    if (device.retired) {
      const detail = `PushSvr pushed message ${msgId} to a device whose app was uninstalled (its platform token is void)`;
      sink.violate(PUSH_ROUTE, { kind: 'push-to-uninstalled', detail, msgId, user: device.user, device: id });
    } else if (id === ledger.message(msgId).device) {
      const detail = `PushSvr pushed message ${msgId} to the device that sent it, which holds it from its ack`;
      sink.violate(PUSH_ROUTE, { kind: 'push-to-sender', detail, msgId, user: device.user, device: id });
    }
  });
  sim.trace.on(EV_SENDSVR_ACK, (timeUs, _sendSvr, msgId) => {
    const message = ledger.message(msgId);
    if (message.svrAckUs !== timeUs) return;
    const { commits } = message;
    for (let i = 0; i < commits.size; i++) {
      for (const device of ledger.installed(commits.keyAt(i))) {
        if (device.id === message.device) continue;
        const sinceUs = timeUs - device.sessionSinceUs;
        const connected = device.sessionKind !== SESSION_DOWN;
        let kind: 'hint' | 'platform' | undefined;
        let budgetUs = bounds.hintPathUs;
        if (connected && sinceUs >= bounds.presenceLagUs) kind = 'hint';
        else if (!connected && surelyAbsentUs(device, timeUs) >= 0 && knobs.platformPush.enabled && paths.routes.platformServiceOf(device.platform) !== undefined) {
          kind = 'platform';
          budgetUs = 2 * bounds.dcHopMaxUs;
        }
        if (kind === undefined) continue;
        if (kind === 'hint') prompt.expect(device, msgId, timeUs);
        (kind === 'hint' ? hints : platformRequests).expect(pairKey(device.id, msgId));
        book.set(kind === 'hint' ? HINT : PLATFORM, device, -1, msgId, device.sessionEpoch, timeUs, budgetUs, ACK_CAUSE, msgId, -1);
      }
    }
  });
  return {
    name: PUSH_ROUTE,
    // Decisions first (made in the instant a request is taken, before any hint is due); then prompt
    // hints, whose due time is never after the hard deadline's, which forgets the pair.
    tick: (nowUs) => {
      judgeDecisions(nowUs);
      prompt.judge(nowUs);
      book.judge(nowUs);
    },
    finish: () => {
      judgeDecisions(sim.nowUs);
      prompt.finish(sink, PUSH_ROUTE);
      book.judge(sim.nowUs);
    },
  };
}
