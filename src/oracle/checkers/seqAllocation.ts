// seq-allocation: per user, no seq is issued twice, issued seqs rise, and all stay within 32 bits,
// across allocator crashes and restarts (the oracle outlives the allocator's memory).
import { IdMap } from '../../sim/idMap.js';
import { SEQ_MAX } from '../../system/config.js';
import { EV_ALLOC } from '../../system/events.js';
import type { CheckerFactory } from '../checker.js';

export const SEQ_ALLOCATION = 'seq-allocation';

export const seqAllocation: CheckerFactory = ({ sim, sink }) => {
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
  return { name: SEQ_ALLOCATION };
};
