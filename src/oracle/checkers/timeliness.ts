// timeliness: every promise of the seed about time has a deadline, derived from the run's knobs and
// link profiles (see bounds.ts), that no correct run can miss:
//   reconnected  once a session is up, the device holds everything committed before it started,
//                within a catch-up (a round trip per page of backlog, and one pull already under way);
//   hint         once a hint (or a platform push) reaches a connected device, it holds that message
//                within a catch-up;
//   foreground   a connected device holds each new commit within its periodic pull and a catch-up,
//                hint or no hint (push is only a hint);
//   woken        a background app holds each message within its background fetch period, a connect
//                and a catch-up, counted from the commit (so an app never woken fails, not escapes);
//   wake         a background app reached by a platform push connects and catches up;
//   sent         a send of a connected device is acked or visibly rejected within the device's first
//                retry and SendSvr's attempts (counted again after an anti-spam deferral);
//   unfinished   a woken app stays awake until it has caught up and settled its sends: if its
//                session ends before that and the app is still in the background, it connects again
//                and finishes them (a connect, then a catch-up or a send's budget);
//   own          a sender's device holds its own message at the seq its ack names, within a disk
//                write of the ack (a device that left it to a later pull showed a sent message late);
//   reconnect    a foreground app whose session ends tries to connect again within its first
//                backoff, reconnectBase, and keeps trying: each attempt that did not log in is
//                followed by the next within connectTimeout and reconnectCap, at another ConnectSvr,
//                each first wait, and each after a "busy" answer, drawn at random (reconnectBackoff.ts);
//   dropped      a foreground session lasts while no fault touches its device or ConnectSvr
//                (sessionDrops.ts);
//   heartbeats   an app sends one heartbeat per interval, no more and no fewer (heartbeatCadence.ts);
//   pulls        an app's periodic pulls come one per period of its app state, and a foreground
//                app pulls at least that often; a pull's retry waits its timeout (pullCadence.ts);
//                and it pulls again only when asked while pulling (pullsAgain.ts); it takes the
//                answer to any try of its open pull (pullAnswers.ts);
//   fetches      an app in the background fetches every backgroundFetch from when it went there
//                (fetchSchedule.ts);
//   linger       a woken app ends its session within wakeLinger of catching up and settling its
//                sends, and no sooner than wakeLinger after its latest pull (wakeLinger.ts);
//   resend       an unanswered send is sent again on the app's backoff while its session lasts,
//                counted by the oracle, and a new session resends the outbox in order (sendRetries.ts);
//   pages        a device that stored a page MsgStore cut short asks for the next at once, and a
//                page is as full as its byte budget allows and no fuller (pagesContinue.ts); a
//                pull asks for the page budget of the link the device is on as it asks (pageBudget.ts);
//   failover     a MsgStore failover with a majority of the shard live promotes a replica at once
//                (failoverPromotes.ts);
//   refusals     a login is refused under load only at a full queue, and is answered "busy"
//                (loginRefusals.ts);
//   platform-sent  the platform push service sends what it took within its delivery delay
//                (platformDelivers.ts);
//   reroute      a request to a MsgStore or an allocator goes where the route table names when it
//                is sent, retries included (requestRoutes.ts);
//   lease        a calm allocator owner keeps its lease, and a restarted one gets it back at once
//                (leaseHolding.ts);
//   refresh      a running ConnectSvr sends PushSvr a presence refresh every heartbeat interval
//                (presenceRefreshes.ts);
//   idle-close   a ConnectSvr closes a connection for silence only after its idle timeout
//                (idleCloses.ts);
//   unannounced  a ConnectSvr tells PushSvr of every login as it takes it (loginsAnnounced.ts);
//   superseded   and closes the connection of the device's login before, if it still holds it
//                (loginsSupersede.ts);
//   lease-rate  an allocator asks its max_seq store for the lease no more often than every third
//                of it, within one incarnation (leaseAskRate.ts);
//   rpc-attempts  a server's request (append, read, seq, max_seq write) goes at most rpcAttempts
//                times, each attempt an RPC timeout after the last (rpcAttempts.ts);
//   stop-and-wait  a MsgStore primary has one replicate batch in flight per replica: the next
//                goes once the replica answered it or its timeout passed (replicateStopAndWait.ts);
//   replicate-resend  and a batch still unanswered at its timeout goes again in that instant;
//   store-write  a max_seq store writes its disk only to grant a lease or raise a max_seq
//                (storeWrites.ts);
//   app-writes   an app writes its disk only for a compose, a pull answer and a send answer
//                (appWrites.ts);
//   heartbeat-sent  on one connection an app sends its heartbeats one interval apart, judged as it
//                sends them (heartbeatsSent.ts);
//   picture      a ConnectSvr's picture of its sessions lists exactly the logins its presence words
//                said it holds (presencePictures.ts);
//   down-open    a ConnectSvr tells PushSvr a login ended only once its connection is closed at
//                its end (closedDowns.ts);
//   replicate-from  a MsgStore primary replicates to each replica from where it is known to hold
//                the log: after a takeover, from the commit point it leads with (replicateFrom.ts).
//   replicate-carries  and each of its batches carries at least one entry (replicateFrom.ts);
//   read-once    a MsgStore reads its log once a read request, never more often than they reached
//                it (readOnce.ts);
//   read-held    a MsgStore primary that took its shard over answers the reads it held at the commit
//                that completes the log it led with, and later reads at once (readsHeld.ts);
//   answered-together  a MsgStore primary that answers an append answers every request for that
//                message it took and has not answered, at once (appendAnswers.ts);
//   persist-release  an allocator answers every seq request a max_seq write held as the write
//                lands, but for those that begin the section's next write (persistWaiters.ts);
//   lease-release  the allocator the route table names answers the seq requests it took with no
//                lease as its lease grant lands (leaseRelease.ts);
//   answer-route  SendSvr answers a send through the ConnectSvr of the latest attempt it took
//                (answerRoute.ts);
//   persist-once  an allocator has one max_seq write of a section in flight: the next goes once the
//                store answered it or its timeout passed (persistOnce.ts);
//   access-route  a ConnectSvr passes a device's send to its user's SendSvr, and its pull to its
//                user's ReceiveSvr (accessRoutes.ts);
//   relay-at-once  a ConnectSvr passes a logged-in device's send or pull on in the instant it
//                arrives; only logins queue (relayAtOnce.ts);
//   hint-pull    a hint that finds the app between pulls starts a pull at once (hintPull.ts);
//   login-timeout  an app gives up a login unanswered connectTimeoutMs after it dialed
//                (loginTimeout.ts);
//   lease-term   a max_seq store's lease runs one term from its latest grant or renewal
//                (leaseTerm.ts);
//   silent-drop  an app gives up a connection silent for its heartbeat timeout at the next beat
//                (silentDrop.ts);
//   presence-once  a ConnectSvr tells PushSvr of each login once (presenceOnce.ts);
//   presence-route  a ConnectSvr tells a device's login, logout and held session the PushSvr of the
//                device's user (presenceRoutes.ts);
// A promise lapses when the session (or, for a background app, the app's state) it was made in
// ends; a later session makes it again. A fault on the path restarts its budget once the path is
// clear, so a deadline counts only the time the system had to keep it.
import { NumberMap } from '../../sim/numberMap.js';
import { SmallLists } from '../../sim/smallLists.js';
import {
  EV_APP_STATE,
  EV_COMMIT,
  EV_NOTIFY,
  EV_OUTBOX,
  EV_SEND_ABANDONED,
  EV_SEND_ACKED,
  EV_SEND_DEFERRED,
  EV_SEND_REJECTED,
  EV_SESSION,
  EV_STORE,
  EV_WAKE,
  SESSION_DOWN,
  SESSION_WOKEN,
} from '../../system/events.js';
import { Arrivals, pairKey } from '../arrivals.js';
import { catchUpUs, formatBudgetMs, pagesFor } from '../bounds.js';
import type { Checker, CheckerContext } from '../checker.js';
import { DeadlineBook, setByText, type Obligation } from '../deadlines.js';
import { Ledger, type DeviceFacts } from '../ledger.js';
import { ackAfterCommit } from './ackAfterCommit.js';
import { ackReturn } from './ackReturn.js';
import { answerRoute } from './answerRoute.js';
import { commitAfterWrite } from './commitAfterWrite.js';
import { failoverPromotes } from './failoverPromotes.js';
import { reconnectPromises } from './reconnectBackoff.js';
import { requestRoutes } from './requestRoutes.js';
import { fetchSchedule } from './fetchSchedule.js';
import { heartbeatCadence } from './heartbeatCadence.js';
import { idleCloses } from './idleCloses.js';
import { leaseHolding } from './leaseHolding.js';
import { leaseAskRate } from './leaseAskRate.js';
import { rpcAttempts } from './rpcAttempts.js';
import { presenceRoutes } from './presenceRoutes.js';
import { readOnce } from './readOnce.js';
import { readsHeld } from './readsHeld.js';
import { persistWaiters } from './persistWaiters.js';
import { persistOnce } from './persistOnce.js';
import { leaseRelease } from './leaseRelease.js';
import { relayAtOnce } from './relayAtOnce.js';
import { accessRoutes } from './accessRoutes.js';
import { presenceOnce } from './presenceOnce.js';
import { silentDrop } from './silentDrop.js';
import { leaseTerm } from './leaseTerm.js';
import { loginTimeout } from './loginTimeout.js';
import { hintPull } from './hintPull.js';
import { appendAnswers } from './appendAnswers.js';
import { replicateStopAndWait } from './replicateStopAndWait.js';
import { storeWrites } from './storeWrites.js';
import { appWrites } from './appWrites.js';
import { heartbeatsSent } from './heartbeatsSent.js';
import { presencePictures } from './presencePictures.js';
import { closedDowns } from './closedDowns.js';
import { replicateFrom } from './replicateFrom.js';
import { loginRefusals } from './loginRefusals.js';
import { loginsAnnounced } from './loginsAnnounced.js';
import { loginsSupersede } from './loginsSupersede.js';
import { pagesContinue } from './pagesContinue.js';
import { pageBudget } from './pageBudget.js';
import { platformDelivers } from './platformDelivers.js';
import { presenceRefreshes } from './presenceRefreshes.js';
import { pullAnswers } from './pullAnswers.js';
import { pullCadence } from './pullCadence.js';
import { pullsAgain } from './pullsAgain.js';
import { sendRetries } from './sendRetries.js';
import { sessionDrops } from './sessionDrops.js';
import { wakeLinger } from './wakeLinger.js';

export const TIMELINESS = 'timeliness';

/** What each kind of delivery deadline waits for before the catch-up, for the report. */
const WAITS: Readonly<Record<string, string>> = {
  foreground: 'the periodic pull, then ',
  woken: 'the background fetch period, a connect, then ',
  wake: 'a connect, then ',
  unfinished: 'a connect, then ',
};

/** Kinds whose wait includes a connect: a login refused under load delays them (loginRefusals.ts). */
const CONNECTING_KINDS: ReadonlySet<string> = new Set(['woken', 'wake', 'unfinished']);

/** Kinds bound to the app's state (background) rather than to one session. */
const APP_KINDS: ReadonlySet<string> = new Set(['woken', 'wake', 'unfinished', 'own']);

export function timeliness(context: CheckerContext): Checker {
  const { sim, ledger, sink, knobs, bounds, paths } = context;
  /** Per device: its sends not settled yet, in msgId order (a few at most). */
  const unsettled = new SmallLists();
  /** When each send was last deferred by anti-spam (a deferral sets a new deadline). */
  const deferredUs = new NumberMap<number>();
  /** Per device in a woken session: the highest seq it must hold before it may sleep again. */
  const wokenOwesSeq = new NumberMap<number>();
  const delivery = (o: Obligation) => o.seq >= 0;
  /** Each sender's store of its own acked message, and when it landed: its budget is one disk write. */
  const ownStores = new Arrivals();
  const ownKey = (o: Obligation) => pairKey(o.device.id, o.seq);

  /** How each kind's budget was made, for the report. */
  const budget = (o: Obligation): string => {
    if (o.kind === 'own') return "the device's disk write of the ack, behind its queue";
    const wait = WAITS[o.kind] ?? '';
    if (!delivery(o)) return `${wait}${o.kind === 'sent' && o.budgetUs > bounds.sentUs ? 'the anti-spam window, then ' : ''}an attempt, the device's first retry and SendSvr's append attempts`;
    return `${wait}${pagesFor(o.backlog, bounds.pageSize) + 1} pull round trips for ${o.backlog} entries`;
  };
  const refusals = loginRefusals(TIMELINESS, context);
  /** A promise that needs a connect, to an app whose login was refused since (or just before, its backoff still running). */
  const shed = (o: Obligation): boolean => CONNECTING_KINDS.has(o.kind) && refusals.shedUntilUs(o.device.id) > o.fromUs;
  const book = new DeadlineBook(TIMELINESS, sink, (id) => ledger.device(id), {
    lapsed: (o) => o.device.retired || (APP_KINDS.has(o.kind) ? o.device.appEpoch : o.device.sessionEpoch) !== o.epoch,
    kept: (o) => {
      if (!delivery(o)) return ledger.settled(ledger.message(o.msgId)) || (deferredUs.get(o.msgId) ?? -1) > o.setAtUs;
      return o.kind === 'own' ? ownStores.keptWithin(ownKey(o), o) : ledger.holdsUpTo(o.device, o.seq);
    },
    done: (o) => {
      if (o.kind === 'own') ownStores.forget(ownKey(o));
    },
    disturbed: (o, dueUs) => {
      if (shed(o)) return true;
      const app = APP_KINDS.has(o.kind);
      const received = paths.receiveTouched(o.device, o.fromUs, dueUs) || (app && paths.platformTouched(o.device, o.fromUs, dueUs));
      // A send owed by a sleeping app waits for it to connect again: its receive path counts too.
      return delivery(o) ? received : paths.sendTouched(ledger.message(o.msgId), o.fromUs, dueUs) || (app && received);
    },
    clearUs: (o) => {
      const app = APP_KINDS.has(o.kind);
      // A refusal's backoff counts only where it ends past fromUs, as every clearUs is at least fromUs.
      const shedUntilUs = CONNECTING_KINDS.has(o.kind) ? refusals.shedUntilUs(o.device.id) : -Infinity;
      const receiveClearUs = Math.max(shedUntilUs, paths.receiveClearUs(o.device, o.fromUs, app));
      if (delivery(o)) return receiveClearUs;
      const sendClearUs = paths.sendClearUs(ledger.message(o.msgId), o.fromUs);
      return app ? Math.max(sendClearUs, receiveClearUs) : sendClearUs;
    },
    budget,
    // Holding and settling are never undone while the promise stands (a restore or reinstall that
    // takes messages back also ends the session and the app), and a lapse is final.
    settlesEarly: true,
    describe: (o, dueUs) => {
      const late = formatBudgetMs(dueUs - o.setAtUs);
      if (!delivery(o)) return { detail: `send of message ${o.msgId} neither acked nor rejected within ${late} of ${setByText(o)} (${budget(o)})`, user: o.device.user };
      const missing = o.kind === 'own' ? undefined : ledger.firstMissing(o.device, o.seq);
      return { detail: `${o.kind}: seq ${missing ?? o.seq} not stored within ${late} of ${setByText(o)} (${budget(o)})`, user: o.device.user, seq: missing ?? o.seq };
    },
  });

  const kinds = {
    reconnected: book.text('reconnected'),
    hint: book.text('hint'),
    foreground: book.text('foreground'),
    woken: book.text('woken'),
    wake: book.text('wake'),
    sent: book.text('sent'),
    unfinished: book.text('unfinished'),
    own: book.text('own'),
  };
  const appKinds = new Set([...APP_KINDS].map((kind) => book.text(kind)));
  const causes = {
    sessionStart: book.text('the session start'),
    wokenSessionEnd: book.text('the end of a woken session'),
    hint: book.text('the hint for'),
    platformPush: book.text('the platform push for'),
    commit: book.text('the commit of'),
    background: book.text('the app going to the background'),
    send: book.text('the send'),
    deferral: book.text('the anti-spam deferral'),
    ack: book.text('the ack of'),
  };

  /** Sets a delivery deadline for everything of the device's inbox up to `seq`, unless it holds it all. */
  const owe = (kindId: number, device: DeviceFacts, seq: number, timeUs: number, waitUs: number, causeId: number, causeMsgId = -1): void => {
    const missing = ledger.firstMissing(device, seq);
    if (missing === undefined) return;
    const backlog = ledger.backlog(device, seq);
    const epoch = appKinds.has(kindId) ? device.appEpoch : device.sessionEpoch;
    book.set(kindId, device, seq, ledger.inbox(device.user).get(missing)!, epoch, timeUs, waitUs + catchUpUs(bounds, backlog), causeId, causeMsgId, backlog);
  };

  const oweSend = (device: DeviceFacts, msgId: number, timeUs: number, waitUs: number, causeId: number): void => {
    if (Ledger.connected(device)) book.set(kinds.sent, device, -1, msgId, device.sessionEpoch, timeUs, waitUs + bounds.sentUs, causeId, -1, -1);
  };

  /** A background app owes everything committed so far by its next background fetch. */
  const oweWhileAsleep = (device: DeviceFacts, timeUs: number, causeId: number, causeMsgId = -1): void => {
    owe(kinds.woken, device, ledger.inbox(device.user).maxSeq, timeUs, bounds.backgroundWakeUs, causeId, causeMsgId);
  };

  /** A woken session ended with the app still asleep in the background: what it left unfinished, it owes after a connect. */
  const oweUnfinished = (device: DeviceFacts, owedSeq: number, timeUs: number): void => {
    owe(kinds.unfinished, device, owedSeq, timeUs, bounds.connectMaxUs, causes.wokenSessionEnd);
    for (let i = 0; i < unsettled.size(device.id); i++) {
      book.set(kinds.unfinished, device, -1, unsettled.at(device.id, i), device.appEpoch, timeUs, bounds.connectMaxUs + bounds.sentUs, causes.wokenSessionEnd, -1, -1);
    }
  };

  /** While `device` is in a woken session, it may not sleep before it holds `seq`. */
  const wokenOwes = (device: DeviceFacts, seq: number): void => {
    const owedSeq = wokenOwesSeq.get(device.id);
    if (owedSeq !== undefined && seq > owedSeq) wokenOwesSeq.set(device.id, seq);
  };

  const trace = sim.trace;
  trace.on(EV_SESSION, (timeUs, id, kind) => {
    const device = ledger.device(id);
    const owedSeq = wokenOwesSeq.get(id);
    // Set anew by every session (a crash ends one without a word).
    wokenOwesSeq.delete(id);
    if (kind === SESSION_DOWN) {
      if (device.background && device.up) {
        if (owedSeq !== undefined) oweUnfinished(device, owedSeq, timeUs);
        oweWhileAsleep(device, timeUs, causes.wokenSessionEnd);
      }
      return;
    }
    const maxSeq = ledger.inbox(device.user).maxSeq;
    if (kind === SESSION_WOKEN) wokenOwesSeq.set(id, maxSeq);
    owe(kinds.reconnected, device, maxSeq, timeUs, 0, causes.sessionStart);
    for (let i = 0; i < unsettled.size(id); i++) oweSend(device, unsettled.at(id, i), timeUs, 0, causes.sessionStart);
  });
  trace.on(EV_NOTIFY, (timeUs, id, msgId) => {
    const device = ledger.device(id);
    const seq = ledger.message(msgId).commits.get(device.user);
    if (seq === undefined) return;
    owe(kinds.hint, device, seq, timeUs, 0, causes.hint, msgId);
    wokenOwes(device, seq);
  });
  trace.on(EV_WAKE, (timeUs, id, msgId) => {
    const device = ledger.device(id);
    const seq = ledger.inbox(device.user).maxSeq;
    if (Ledger.connected(device)) {
      owe(kinds.hint, device, seq, timeUs, 0, causes.platformPush, msgId);
      wokenOwes(device, seq);
    } else if (device.background && device.up) owe(kinds.wake, device, seq, timeUs, bounds.connectMaxUs, causes.platformPush, msgId);
  });
  trace.on(EV_COMMIT, (timeUs, _store, user, seq, msgId) => {
    const sender = ledger.message(msgId).device;
    for (const device of ledger.installed(user)) {
      if (device.id === sender || !device.up) continue;
      if (Ledger.connected(device)) owe(kinds.foreground, device, seq, timeUs, knobs.periodicPullUs, causes.commit, msgId);
      else if (device.background) oweWhileAsleep(device, timeUs, causes.commit, msgId);
    }
  });
  trace.on(EV_APP_STATE, (timeUs, id, background) => {
    const device = ledger.device(id);
    // Brought to the foreground, a woken session goes on as a foreground one; sent back, it ends.
    wokenOwesSeq.delete(id);
    if (background === 1) oweWhileAsleep(device, timeUs, causes.background);
  });
  trace.on(EV_OUTBOX, (timeUs, id, msgId) => {
    if (!unsettled.has(id, msgId)) unsettled.addSorted(id, msgId);
    oweSend(ledger.device(id), msgId, timeUs, 0, causes.send);
  });
  trace.on(EV_SEND_DEFERRED, (timeUs, id, msgId) => {
    deferredUs.set(msgId, timeUs);
    oweSend(ledger.device(id), msgId, timeUs, knobs.spamWindowUs, causes.deferral);
  });
  trace.on(EV_SEND_ACKED, (timeUs, id, msgId, ownSeq) => {
    const device = ledger.device(id);
    // -1: the sender's own inbox was full.
    if (ownSeq < 0 || !device.up || device.held.has(ownSeq)) return;
    ownStores.expect(pairKey(id, ownSeq));
    book.set(kinds.own, device, ownSeq, msgId, device.appEpoch, timeUs, bounds.deviceWriteMaxUs, causes.ack, msgId, -1);
  });
  trace.on(EV_STORE, (timeUs, id, _msgId, seq) => ownStores.arrived(pairKey(id, seq), timeUs));
  for (const settled of [EV_SEND_ACKED, EV_SEND_REJECTED, EV_SEND_ABANDONED]) {
    trace.on(settled, (_t, id, msgId) => {
      unsettled.remove(id, msgId);
      deferredUs.delete(msgId);
    });
  }
  const reconnect = reconnectPromises(TIMELINESS, context);
  sessionDrops(TIMELINESS, context);
  heartbeatCadence(TIMELINESS, context);
  const judgePullGaps = pullCadence(TIMELINESS, context);
  const judgeFetches = fetchSchedule(TIMELINESS, context);
  requestRoutes(TIMELINESS, context);
  pullsAgain(TIMELINESS, context);
  const judgePullAnswers = pullAnswers(TIMELINESS, context);
  const linger = wakeLinger(TIMELINESS, context, unsettled);
  const judgeAckAfterCommit = ackAfterCommit(TIMELINESS, context);
  const judgeAckReturn = ackReturn(TIMELINESS, context);
  answerRoute(TIMELINESS, context);
  const judgeCommitAfterWrite = commitAfterWrite(TIMELINESS, context);
  const judgeFailover = failoverPromotes(TIMELINESS, context);
  const judgeResends = sendRetries(TIMELINESS, context);
  const judgePages = pagesContinue(TIMELINESS, context);
  pageBudget(TIMELINESS, context);
  const judgePlatform = platformDelivers(TIMELINESS, context);
  const judgeLease = leaseHolding(TIMELINESS, context);
  const judgeRefreshes = presenceRefreshes(TIMELINESS, context);
  const judgeIdleCloses = idleCloses(TIMELINESS, context);
  const judgeAnnounced = loginsAnnounced(TIMELINESS, context);
  const judgeSuperseded = loginsSupersede(TIMELINESS, context);
  leaseAskRate(TIMELINESS, context);
  const judgeRpcAttempts = rpcAttempts(TIMELINESS, context);
  const judgeReplicateResends = replicateStopAndWait(TIMELINESS, context);
  const judgeStoreWrites = storeWrites(TIMELINESS, context);
  appWrites(TIMELINESS, context);
  heartbeatsSent(TIMELINESS, context);
  presencePictures(TIMELINESS, context);
  closedDowns(TIMELINESS, context);
  replicateFrom(TIMELINESS, context);
  presenceRoutes(TIMELINESS, context);
  readOnce(TIMELINESS, context);
  const judgeReadsHeld = readsHeld(TIMELINESS, context);
  const judgePersistWaiters = persistWaiters(TIMELINESS, context);
  persistOnce(TIMELINESS, context);
  const judgeLeaseRelease = leaseRelease(TIMELINESS, context);
  const judgeAppendAnswers = appendAnswers(TIMELINESS, context);
  const judgeRelays = relayAtOnce(TIMELINESS, context);
  accessRoutes(TIMELINESS, context);
  presenceOnce(TIMELINESS, context);
  silentDrop(TIMELINESS, context);
  leaseTerm(TIMELINESS, context);
  loginTimeout(TIMELINESS, context);
  const judgeHintPulls = hintPull(TIMELINESS, context);
  const judge = (nowUs: number): void => {
    book.judge(nowUs);
    reconnect.judge(nowUs);
    linger.judge(nowUs);
    judgeAckAfterCommit(nowUs);
    judgeAckReturn(nowUs);
    judgeCommitAfterWrite(nowUs);
    judgeFailover(nowUs);
    judgeResends(nowUs);
    judgePages(nowUs);
    judgePlatform(nowUs);
    judgeLease(nowUs);
    judgeRefreshes(nowUs);
    judgeIdleCloses(nowUs);
    judgeAnnounced(nowUs);
    judgeSuperseded(nowUs);
    judgeRpcAttempts(nowUs);
    judgeFetches(nowUs);
    judgePullAnswers(nowUs);
    judgeReadsHeld();
    judgePersistWaiters();
    judgeLeaseRelease();
    judgeAppendAnswers();
    judgeRelays(nowUs);
    judgeHintPulls(nowUs);
    judgeReplicateResends(nowUs);
    judgeStoreWrites(nowUs);
  };
  return {
    name: TIMELINESS,
    tick: judge,
    finish: () => {
      judge(sim.nowUs);
      judgePullGaps();
      refusals.finish();
    },
  };
}
