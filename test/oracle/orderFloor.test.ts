// order's second rule on a hand-written trace: a message composed after another was acked must get a
// higher seq in every inbox both reach. The floor is kept per inbox user, raised by each ack.
import { describe, expect, it } from 'vitest';
import type { CheckerContext } from '../../src/oracle/checker.js';
import { order } from '../../src/oracle/checkers/order.js';
import { Simulation } from '../../src/sim/simulation.js';
import { EV_COMMIT, EV_COMPOSE, EV_SEND_ACKED } from '../../src/system/events.js';

/** Messages by id: their targets and their commits (inbox user -> seq), as the ledger would know them. */
function world() {
  const sim = new Simulation({ seed: 'order-floor' });
  const messages = new Map<number, { targets: number[]; commits: Map<number, number> }>();
  const message = (msgId: number) => {
    const { targets, commits } = messages.get(msgId)!;
    const pairs = [...commits];
    return { targets, commits: { size: pairs.length, keyAt: (i: number) => pairs[i]![0], valueAt: (i: number) => pairs[i]![1] } };
  };
  const violations: string[] = [];
  order({ sim, ledger: { message }, sink: { violate: (_name: string, v: { detail: string }) => violations.push(v.detail) } } as unknown as CheckerContext);
  // Every message goes from user 0 to user 1.
  const compose = (msgId: number) => {
    messages.set(msgId, { targets: [1, 0], commits: new Map() });
    sim.trace.emit(EV_COMPOSE, 100, msgId, 0, 1, -1);
  };
  const commit = (msgId: number, user: number, seq: number) => {
    messages.get(msgId)!.commits.set(user, seq);
    sim.trace.emit(EV_COMMIT, 10, user, seq, msgId, 0);
  };
  /** Commits in the recipient's inbox, then in the sender's, as SendSvr appends. */
  const committed = (msgId: number, recipientSeq: number, senderSeq: number) => {
    commit(msgId, 1, recipientSeq);
    commit(msgId, 0, senderSeq);
  };
  const ack = (msgId: number) => sim.trace.emit(EV_SEND_ACKED, 100, msgId, 0);
  return { violations, compose, commit, committed, ack };
}

describe('order: acked before composed means a higher seq', () => {
  it('fails a later message committed at or below the seq of one acked before it was composed', () => {
    const { violations, compose, commit, committed, ack } = world();
    compose(1);
    committed(1, 5, 3);
    // Composed before message 1 was acked: no floor applies to it.
    compose(2);
    ack(1);
    compose(3);
    commit(2, 1, 4);
    committed(3, 6, 2);
    expect(violations).toEqual(['seq 2 is not above seq 3 of message 1, acked before this one was sent']);
  });

  it('raises the floor with each ack and never lowers it', () => {
    const { violations, compose, committed, ack } = world();
    compose(1);
    committed(1, 7, 1);
    ack(1);
    compose(2);
    committed(2, 3, 2);
    expect(violations).toEqual(['seq 3 is not above seq 7 of message 1, acked before this one was sent']);
    // Message 2, acked now with its lower seq, leaves user 1's floor at 7.
    ack(2);
    compose(3);
    committed(3, 7, 3);
    expect(violations.slice(1)).toEqual(['seq 7 is not above seq 7 of message 1, acked before this one was sent']);
  });
});
