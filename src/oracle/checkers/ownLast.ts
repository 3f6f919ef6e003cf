// ack-durable, own-last: SendSvr appends a send to the sender's own inbox only once every append
// of it to a recipient's inbox has been answered, and to no recipient's inbox while that own
// append is open. That order is what lets a send no recipient could take (each inbox full) be
// rejected with nothing committed; a SendSvr that counted the sender among a group's recipients
// appended both at once, and acked a message no recipient would ever hold. It passed every rule in
// every stock scenario: only groups whose other members' seq spaces are used up show the harm.
// Seen as SendSvr sends (network.watchSends); an append is open from its first attempt until its
// answer reaches SendSvr, or its Rpc has given up (rpcAttempts timeouts after the first attempt,
// judged a microsecond early so that a give-up never counts late), or SendSvr restarts.
import { NumberMap } from '../../sim/numberMap.js';
import type { AppendReq, AppendResp } from '../../system/wire.js';
import { pairKey } from '../arrivals.js';
import { TIMER_ROUNDING_US } from '../bounds.js';
import type { CheckerContext } from '../checker.js';

export const OWN_LAST = 'own-last';

/** Open appends of one send, as one number: own x OWN + to recipients. */
const OWN = 2 ** 20;

/** One SendSvr life's open appends, by request id. */
interface Life {
  readonly incarnation: number;
  readonly msgIdOf: NumberMap<number>;
  /** First attempt's time x 2 + 1 for the sender's own inbox. */
  readonly sentOf: NumberMap<number>;
}

export function ownLast(invariant: string, { sim, sink, knobs }: CheckerContext): (nowUs: number) => void {
  const givesUpAfterUs = knobs.rpcAttempts * knobs.rpcTimeoutUs - TIMER_ROUNDING_US;
  const lives = new Map<number, Life>();
  /** By pairKey(SendSvr, msgId): its open appends (see OWN). */
  const open = new NumberMap<number>();
  const lifeOf = (sendSvr: number): Life => {
    const incarnation = sim.process(sendSvr).incarnation;
    let life = lives.get(sendSvr);
    if (life?.incarnation === incarnation) return life;
    // A restart forgets every append of the life before.
    if (life !== undefined) open.deleteWhere((key) => Math.floor(key / 2 ** 32) === sendSvr);
    lives.set(sendSvr, (life = { incarnation, msgIdOf: new NumberMap(), sentOf: new NumberMap() }));
    return life;
  };
  const close = (sendSvr: number, life: Life, reqId: number) => {
    const key = pairKey(sendSvr, life.msgIdOf.get(reqId)!);
    const left = open.get(key)! - ((life.sentOf.get(reqId)! & 1) === 1 ? OWN : 1);
    if (left === 0) open.delete(key);
    else open.set(key, left);
    life.msgIdOf.delete(reqId);
    life.sentOf.delete(reqId);
  };
  /** Closes the appends whose Rpc has given up by now (of one send, or of every send). */
  const closeGivenUp = (sendSvr: number, life: Life, msgId: number | undefined) => {
    const nowUs = sim.nowUs;
    const doomed: number[] = [];
    life.sentOf.some((reqId, sent) => {
      if (nowUs - Math.floor(sent / 2) >= givesUpAfterUs && (msgId === undefined || life.msgIdOf.get(reqId) === msgId)) doomed.push(reqId);
      return false;
    });
    for (const reqId of doomed) close(sendSvr, life, reqId);
  };
  sim.network.watchSends('append-req', (sendSvr, _store, message) => {
    const { reqId, user, message: chat } = message as AppendReq;
    const life = lifeOf(sendSvr);
    if (life.msgIdOf.has(reqId)) return; // an attempt again
    const own = user === chat.fromUser;
    const key = pairKey(sendSvr, chat.msgId);
    const other = (counts: number) => (own ? counts % OWN : Math.floor(counts / OWN));
    if (other(open.get(key) ?? 0) > 0) {
      closeGivenUp(sendSvr, life, chat.msgId);
      if (other(open.get(key) ?? 0) > 0) {
        const what = own ? `the sender's own inbox, user ${user}, while ${other(open.get(key)!)} of its appends to recipients' inboxes were unanswered` : `recipient ${user}'s inbox while its append to the sender's own inbox was unanswered`;
        const detail = `${OWN_LAST}: ${sim.process(sendSvr).name} appended message ${chat.msgId} to ${what} (the sender's inbox comes last, so that a send no recipient can take is rejected with nothing committed)`;
        sink.violate(invariant, { kind: OWN_LAST, detail, msgId: chat.msgId, user });
      }
    }
    life.msgIdOf.set(reqId, chat.msgId);
    life.sentOf.set(reqId, sim.nowUs * 2 + (own ? 1 : 0));
    open.set(key, (open.get(key) ?? 0) + (own ? OWN : 1));
  });
  sim.network.watch('append-resp', (sendSvr, _store, delivered, message) => {
    if (!delivered) return;
    const life = lives.get(sendSvr);
    const { reqId } = message as AppendResp;
    if (life === undefined || life.incarnation !== sim.process(sendSvr).incarnation || !life.msgIdOf.has(reqId)) return;
    close(sendSvr, life, reqId);
  });
  // Bounded: appends whose Rpc gave up (their answers lost) are closed every give-up time.
  let sweptUs = 0;
  return (nowUs) => {
    if (nowUs - sweptUs < givesUpAfterUs) return;
    sweptUs = nowUs;
    for (const sendSvr of lives.keys()) closeGivenUp(sendSvr, lifeOf(sendSvr), undefined);
  };
}
