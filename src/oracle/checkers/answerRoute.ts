// timeliness, answer-route: SendSvr answers a send (an ack, a refusal, a deferral) through the
// ConnectSvr that forwarded the latest attempt it has received, whatever the faults: that is where
// the sender was last seen. A SendSvr that kept the first attempt's ConnectSvr for a send still under
// way when a retry came through another sent the ack to a server the phone had left; the phone heard
// only after its next retry, 10 s later in a reconnect storm, and the ack's own rule excuses a path a
// fault touched.
// Judged as SendSvr sends, against the attempts delivered to it in the order it took them (a copy or
// a replay of an old attempt is taken as an attempt too). A send's entry goes with its answer: every
// answer follows an attempt, so nothing is held for a message once it is answered.
import { NumberMap } from '../../sim/numberMap.js';
import type { SendRpc, SendRpcResp } from '../../system/wire.js';
import type { CheckerContext } from '../checker.js';

export const ANSWER_ROUTE = 'answer-route';

export function answerRoute(invariant: string, { sim, sink, ledger }: CheckerContext): void {
  /** Per SendSvr: message id -> the ConnectSvr of the latest attempt delivered to it. */
  const latest = new Map<number, NumberMap<number>>();
  sim.network.watch('send-rpc', (sendSvr, connectSvr, delivered, message) => {
    if (!delivered || message === undefined) return;
    let byMessage = latest.get(sendSvr);
    if (byMessage === undefined) latest.set(sendSvr, (byMessage = new NumberMap()));
    byMessage.set((message as SendRpc).message.msgId, connectSvr);
  });
  sim.network.watchSends('send-rpc-resp', (sendSvr, connectSvr, message) => {
    const { msgId } = (message as SendRpcResp).resp;
    const byMessage = latest.get(sendSvr);
    const expected = byMessage?.get(msgId);
    if (expected === undefined) return;
    byMessage!.delete(msgId);
    if (expected === connectSvr) return;
    const facts = ledger.message(msgId);
    const detail = `${ANSWER_ROUTE}: ${sim.process(sendSvr).name} answered message ${msgId} through ${sim.process(connectSvr).name}, though the latest attempt it took came through ${sim.process(expected).name} (an answer goes where the sender was last seen)`;
    sink.violate(invariant, { kind: ANSWER_ROUTE, detail, msgId, user: facts.user, device: facts.device });
  });
}
