// seq-allocation: per user, no seq is issued twice, issued seqs rise, and all stay within 32 bits,
// across allocator crashes and restarts (the oracle outlives the allocator's memory). And an inbox
// is called full (the send turned away) only once its user's seq space is used up: the allocator
// answers "none left" only at 2^32-1, which it reaches by issuing up to it, or by starting the user
// at a section max_seq that some owner asked the store to raise to it (or the run's initialSeq).
import { IdMap } from '../../sim/idMap.js';
import { SEQ_MAX } from '../../system/config.js';
import { EV_ALLOC, EV_ALLOC_PERSIST_BEGIN, EV_INBOX_FULL } from '../../system/events.js';
import { sectionOf } from '../../system/topology.js';
import type { CheckerFactory } from '../checker.js';

export const SEQ_ALLOCATION = 'seq-allocation';

export const seqAllocation: CheckerFactory = ({ sim, sink, knobs, initialSeq }) => {
  const lastIssued = new IdMap<number>();
  sim.trace.on(EV_ALLOC, (_t, _allocator, user, seq, msgId) => {
    const last = lastIssued.get(user) ?? 0;
    if (seq <= last) {
      sink.violate(SEQ_ALLOCATION, { detail: `seq ${seq} issued to user ${user} after seq ${last}`, msgId, user, seq });
    } else if (seq < 1 || seq > SEQ_MAX) {
      sink.violate(SEQ_ALLOCATION, { detail: `seq ${seq} of user ${user} is outside 1..2^32-1`, msgId, user, seq });
    }
    lastIssued.set(user, Math.max(last, seq));
  });
  /** Per section, the highest max_seq any owner set out to persist (a write may land unanswered). */
  const maxAsked = new IdMap<number>();
  sim.trace.on(EV_ALLOC_PERSIST_BEGIN, (_t, _allocator, section, maxSeq) => maxAsked.set(section, Math.max(maxAsked.get(section) ?? 0, maxSeq)));
  sim.trace.on(EV_INBOX_FULL, (_t, _sendSvr, msgId, user) => {
    const section = sectionOf(user, knobs.sectionSize);
    const reached = Math.max(initialSeq, lastIssued.get(user) ?? 0, maxAsked.get(section) ?? 0);
    if (reached < SEQ_MAX) {
      sink.violate(SEQ_ALLOCATION, {
        detail: `user ${user}'s inbox was found full, but its seq space is not used up: no seq above ${reached} was issued or persisted in its section, and the last is 2^32-1`,
        msgId,
        user,
      });
    }
  });
  return { name: SEQ_ALLOCATION };
};
