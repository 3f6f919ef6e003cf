// order: a device holds each message at the seq its user's inbox committed it at (so a device's
// messages, by seq, are a subsequence of the inbox); and a message composed after another was
// acked gets a higher seq in every inbox both reach.
import { NumberMap } from '../../sim/numberMap.js';
import { EV_COMMIT, EV_COMPOSE, EV_SEND_ACKED, EV_STORE } from '../../system/events.js';
import type { CheckerFactory } from '../checker.js';
import { PerProcess } from '../perProcess.js';

export const ORDER = 'order';

export const order: CheckerFactory = ({ sim, ledger, sink }) => {
  /**
   * Per inbox user: the highest seq of any message acked so far (-Infinity: none yet), and that
   * message. Two columns, not a record per user: at 100,000 users a record cost 48 bytes, and every
   * ack read it through its slot.
   */
  const floorSeq = new PerProcess(-Infinity);
  const floorMsgId = new PerProcess(-1);
  /** Per message: for each target inbox, the floor when it was composed (user, seq, msgId triples). */
  const floorsAtCompose = new NumberMap<number[]>();

  sim.trace.on(EV_STORE, (_t, device, msgId, seq, user) => {
    const committed = ledger.inbox(user).get(seq);
    if (committed !== msgId) {
      const what = committed === undefined ? 'nothing is committed there' : `the inbox has message ${committed} there`;
      sink.violate(ORDER, { detail: `device stored the message at seq ${seq}, but ${what}`, msgId, user, device, seq });
    }
  });
  sim.trace.on(EV_SEND_ACKED, (_t, _device, msgId) => {
    const { commits } = ledger.message(msgId);
    for (let i = 0; i < commits.size; i++) {
      const user = commits.keyAt(i);
      const seq = commits.valueAt(i);
      if (seq > floorSeq.get(user)) {
        floorSeq.set(user, seq);
        floorMsgId.set(user, msgId);
      }
    }
  });
  sim.trace.on(EV_COMPOSE, (_t, _device, msgId) => {
    const floors: number[] = [];
    for (const user of ledger.message(msgId).targets) {
      const floor = floorSeq.get(user);
      if (floor !== -Infinity) floors.push(user, floor, floorMsgId.get(user));
    }
    if (floors.length > 0) floorsAtCompose.set(msgId, floors);
  });
  sim.trace.on(EV_COMMIT, (_t, _store, user, seq, msgId) => {
    const floors = floorsAtCompose.get(msgId);
    if (floors === undefined) return;
    for (let i = 0; i < floors.length; i += 3) {
      if (floors[i] !== user || seq > floors[i + 1]!) continue;
      sink.violate(ORDER, { detail: `seq ${seq} is not above seq ${floors[i + 1]} of message ${floors[i + 2]}, acked before this one was sent`, msgId, user, seq });
    }
    // Once every target inbox has it, the floors have nothing left to judge.
    const message = ledger.message(msgId);
    if (message.commits.size >= message.targets.length) floorsAtCompose.delete(msgId);
  });
  return { name: ORDER };
};
