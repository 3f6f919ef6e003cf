// send-policy: the blacklist and anti-spam decide who may message whom, and the oracle keeps its own
// model of them: the directory's blacklist and groups, the spam flag of each message's content,
// unknown recipients, and the anti-spam rate window (each sender's admitted sends, wherever they were
// admitted, since the last start of the SendSvr that serves the sender: a SendSvr that restarted has
// forgotten its window, as the fault model says, and a user's sends all belong at its SendSvr).
//   - Every rejection carries a reason the model agrees with; no send the model allows is rejected
//     (an anti-spam deferral is a delay, and it too must be one the window explains).
//   - A rejection the sender sees is a verdict SendSvr gave, with the same reason: never an anti-spam
//     deferral, which is "not now" (the message stays in the outbox and goes again).
//   - Nothing the model forbids is admitted by SendSvr, and nothing is committed in any inbox unless the
//     model allowed it when SendSvr admitted it (a later block or leave does not recall it).
//   - An app writes to a group only while its user is in it: the group list it offers follows the
//     directory. A directory that forgot to take a group off the list of a user who left it had
//     users write to the group ever after, each send refused as to an unknown recipient, which is
//     the right verdict on a wrong send: no other rule saw it.
//   - A refusal SendSvr told the sender is final: SendSvr answers every later copy of the send from
//     its record, and never judges it again. A SendSvr that kept no record of a blacklist refusal
//     ("a block can be lifted") judged each retry anew, and admitted one that came after the
//     unblock: only a sender that had already dropped the send saw anything wrong.
import { IdSet } from '../../sim/idSet.js';
import { SmallLists } from '../../sim/smallLists.js';
import { traceKindByName } from '../../sim/traceKinds.js';
import type { RejectReason, SendRpcResp } from '../../system/wire.js';
import { EV_COMMIT, EV_COMPOSE, EV_SEND_REJECTED, EV_SENDSVR_ADMIT, EV_SENDSVR_REJECT, REJECT_REASONS } from '../../system/events.js';
import { NumberMap } from '../../sim/numberMap.js';
import type { Checker, CheckerContext } from '../checker.js';
import type { MessageFacts } from '../messageTable.js';

export const SEND_POLICY = 'send-policy';

/** No reason: the model allows the send (shared, so the common case allocates nothing). */
const NONE: readonly RejectReason[] = [];

export function sendPolicy({ sim, ledger, sink, directory, knobs, paths }: CheckerContext): Checker {
  /** Per SendSvr (process id): each sender it serves, its admitted sends, times in order, since the SendSvr's last start. */
  const windows = new Map<number, SmallLists>();
  const admitted = (sendSvr: number): SmallLists => {
    let bySender = windows.get(sendSvr);
    if (bySender === undefined) windows.set(sendSvr, (bySender = new SmallLists()));
    return bySender;
  };
  /** Admitted sends of `user` within the window that ends now. */
  const inWindow = (user: number, nowUs: number): number => admitted(paths.routes.sendSvrOf(user)).dropThrough(user, nowUs - knobs.spamWindowUs);

  /** Reasons the model gives for refusing the message's content or address (NONE: allowed). */
  const forbidden = (message: MessageFacts): readonly RejectReason[] => {
    const unknown = directory.inboxesOf(message.user, message.toUser, message.group) === undefined;
    const blocked = message.toUser >= 0 && directory.refuses(message.toUser, message.user);
    if (!unknown && !message.spam && !blocked) return NONE;
    const reasons: RejectReason[] = [];
    if (unknown) reasons.push('unknown-recipient');
    if (message.spam) reasons.push('spam');
    if (blocked) reasons.push('blacklisted');
    return reasons;
  };

  const violate = (message: MessageFacts, detail: string) => sink.violate(SEND_POLICY, { detail, msgId: message.msgId, user: message.user, device: message.device });

  sim.trace.on(EV_COMPOSE, (_t, _device, msgId, user, _toUser, group) => {
    if (group >= 0 && directory.inboxesOf(user, -1, group) === undefined) violate(ledger.message(msgId), `the app wrote to group ${group}, which user ${user} is not in (it offers the groups its user is in)`);
  });

  /** Messages the model allowed when SendSvr admitted them: the directory may change after, the verdict stands. */
  const allowed = new IdSet();
  /** Messages whose refusal SendSvr has told the sender (a deferral is none). */
  const told = new IdSet();
  sim.network.watchSends('send-rpc-resp', (_sendSvr, _connectSvr, message) => {
    const { resp } = message as SendRpcResp;
    if (resp.reject !== null && resp.reject !== 'rate-limited') told.add(resp.msgId);
  });
  /** SendSvr's final verdict on each message it refused (its reason's index): a deferral is none. */
  const verdicts = new NumberMap<number>();
  const RATE_LIMITED = REJECT_REASONS.indexOf('rate-limited');
  const judgedAgain = (message: MessageFacts) => violate(message, `SendSvr judged again a send whose refusal (${REJECT_REASONS[verdicts.get(message.msgId)!]!}) it had told the sender: a verdict is final`);
  sim.trace.on(EV_SENDSVR_ADMIT, (timeUs, _sendSvr, msgId, user) => {
    const message = ledger.message(msgId);
    if (told.has(msgId)) judgedAgain(message);
    const reasons = forbidden(message);
    if (reasons.length > 0) violate(message, `SendSvr admitted a send the policy forbids (${reasons.join(', ')})`);
    else allowed.add(msgId);
    const recent = inWindow(user, timeUs);
    if (recent >= knobs.spamBurst) violate(message, `SendSvr admitted a send over the anti-spam limit: ${recent} sends in the last ${knobs.spamWindowUs / 1000} ms, limit ${knobs.spamBurst}`);
    admitted(paths.routes.sendSvrOf(user)).add(user, timeUs);
  });
  sim.trace.on(EV_SENDSVR_REJECT, (timeUs, _sendSvr, msgId, reasonIndex) => {
    const message = ledger.message(msgId);
    const reason = REJECT_REASONS[reasonIndex]!;
    if (told.has(msgId)) judgedAgain(message);
    if (reasonIndex !== RATE_LIMITED) verdicts.set(msgId, reasonIndex);
    const agreed = [...forbidden(message)];
    if (inWindow(message.user, timeUs) >= knobs.spamBurst) agreed.push('rate-limited');
    // Seq exhaustion: every recipient's inbox was found full (SendSvr took each out of the targets).
    if (!message.targets.some((user) => user !== message.user)) agreed.push('seq-exhausted');
    if (!agreed.includes(reason)) {
      violate(message, `rejected as ${reason}, but the policy ${agreed.length === 0 ? 'allows the send' : `says ${agreed.join(', ')}`}`);
    }
  });
  sim.trace.on(EV_SEND_REJECTED, (_t, _device, msgId, reasonIndex) => {
    const verdict = verdicts.get(msgId);
    if (verdict === reasonIndex) return;
    const reason = REJECT_REASONS[reasonIndex]!;
    const given = verdict === undefined ? 'SendSvr gave no verdict on it' : `SendSvr's verdict was ${REJECT_REASONS[verdict]!}`;
    violate(ledger.message(msgId), `the sender saw it rejected as ${reason}, but ${given}${reasonIndex === RATE_LIMITED ? ' (a rate limit defers a send, it does not refuse it)' : ''}`);
  });
  sim.trace.on(EV_COMMIT, (_t, _store, user, _seq, msgId) => {
    const message = ledger.message(msgId);
    if (allowed.has(msgId)) {
      // Only to the inboxes the directory named when it was admitted. One SendSvr found full (the ledger
      // took it out of the targets) may still take it: an append an earlier attempt left in a primary's
      // log, uncommitted when that primary was fenced, commits when a later failover promotes that log
      // (seq-exhaustion seed 910898 under swarm: epoch 3 committed an epoch-1 entry epoch 2 found full).
      if (!message.targets.includes(user) && ledger.inboxesFoundFull(msgId)?.includes(user) !== true) {
        violate(message, `committed in user ${user}'s inbox, not one of its recipients when SendSvr admitted it`);
      }
      return;
    }
    const reasons = forbidden(message);
    const why = reasons.length > 0 ? `the policy forbids it (${reasons.join(', ')})` : 'SendSvr never admitted it';
    violate(message, `committed in user ${user}'s inbox though ${why}`);
  });
  // A SendSvr that restarts has forgotten its anti-spam window.
  sim.trace.on(traceKindByName('crash')!, (_t, process) => windows.delete(process));
  return { name: SEND_POLICY };
}
