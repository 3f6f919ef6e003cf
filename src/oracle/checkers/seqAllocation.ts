// seq-allocation: per user, no seq is issued twice, issued seqs rise, and all stay within 32 bits,
// across allocator crashes and restarts (the oracle outlives the allocator's memory). And an inbox
// is called full (the send turned away) only once its user's seq space is used up: the allocator
// answers "none left" only at 2^32-1, which it reaches by issuing up to it, or by starting the user
// at a section max_seq that some owner asked the store to raise to it (or the run's initialSeq); a
// user issued seqs in the current ownership, only once it was issued 2^32-1 itself (an allocator
// that checked `cur + 1 >= 2^32-1` never issued the last seq, the section's max_seq raised to it all
// the same, and broke no rule).
// And seqs jump only at a handover: within one ownership of a section group (one lease grant to the
// next, a restarted owner's included), every user of a section starts at the same seq (the max_seq
// the owner loaded with the lease, + 1) and gets its seqs one by one. An owner that started a user
// first seen after a raise at the raised max_seq burned a whole step per user (10,000 seqs of its
// 32-bit space) and a store write on the send path, and broke no other rule. Where the network may
// deliver a lease request again (replays, a duplicating data-centre link), the store may grant an
// owner a lease it never hears of, or one it hears of only after it has issued more under the
// lease before: where a copy could have landed since the grant before the latest, the oracle cannot
// tell which ownership a seq came in, and does not judge.
// And one issuer at a time: an allocator issues a seq only while the store's latest grant of its
// section group names it. The lease exists for this: a store that forgot, on a restart, the lease it
// had granted just before handed the group to a standby at once, and both issued for a while; the
// per-user rules above see that only when one user's sends reach both in the window.
// And no seq is issued above the max_seq its section's store holds on disk: the store answers a
// max_seq write only once it is durable. A store that answered at once, the write landing later,
// reissued seqs only after a store crash in that window and an owner's restart or takeover, and
// passed every rule in 80 runs of seeds 1-10.
// And every max_seq an owner asks the store to persist (alloc-persist-begin), and every one it
// persists (alloc-persist), lies within 32 bits: a step past 2^32-1 is clamped to it. An allocator
// that raised a section's max_seq by a full step past 2^32-1 persisted a bound no seq may reach
// (a new owner loads it and starts users above 32 bits), yet issued nothing out of range before
// exhaustion, so every rule held.
// And a section's max_seq on its store's disk never falls (`max-fell`): seqs were issued under the
// higher one. A store that wrote each max_seq as asked let a first try the network held back, landing
// after its retry and a later raise, lower it; only a later handover then reissued seqs. Nor does a
// power loss take back a raise the store answered: one that left raises to the page cache's
// writeback lost a raise from 40 to 60 with the power, its owner went on issuing 41-46 over a disk
// that said 40, and only a later takeover would have issued them again (durableMaxSeqs.ts).
import { IdMap } from '../../sim/idMap.js';
import { SEQ_MAX } from '../../system/config.js';
import { EV_ALLOC, EV_ALLOC_PERSIST, EV_ALLOC_PERSIST_BEGIN, EV_INBOX_FULL, EV_LEASE_GRANTED } from '../../system/events.js';
import { allocatorGroupOf, sectionOf } from '../../system/topology.js';
import type { CheckerFactory } from '../checker.js';
import { DurableMaxSeqs } from '../durableMaxSeqs.js';
import { PerProcess } from '../perProcess.js';

export const SEQ_ALLOCATION = 'seq-allocation';
/** The kind of a max_seq outside 32 bits. */
export const MAX_SEQ = 'max-seq';
/** The kind of a seq issued above the max_seq its store holds on disk. */
export const ABOVE_DURABLE = 'above-durable';
/** The kind of a max_seq on disk lower than before. */
export const MAX_FELL = 'max-fell';

export const seqAllocation: CheckerFactory = ({ sim, sink, knobs, initialSeq, paths, replays }) => {
  const lastIssued = new IdMap<number>();
  /** Per section group, its latest lease grant (one ownership): its epoch, its owner, when it came, and when the grant before it came. */
  const grants = new IdMap<{ readonly epoch: number; readonly owner: number; readonly atUs: number; readonly previousUs: number }>();
  sim.trace.on(EV_LEASE_GRANTED, (timeUs, _store, group, epoch, owner) => grants.set(group, { epoch, owner, atUs: timeUs, previousUs: grants.get(group)?.atUs ?? 0 }));
  const groupOf = (user: number) => allocatorGroupOf(paths.routes.topology, sectionOf(user, knobs.sectionSize));
  const duplicating = knobs.dataCenterLink.duplicateRate > 0;
  /** Per user, the ownership its latest seq was issued in; per section, the seq its users start at in one. */
  const issuedIn = new PerProcess(-1);
  const sectionStart = new Map<number, { readonly epoch: number; readonly seq: number }>();
  /** Reports `seq` unless it is where the ownership's owner must have put it. */
  /** Whether the oracle can tell which ownership a seq came in since the grant before `grant` (see the header). */
  const ownershipKnown = (grant: { readonly previousUs: number } | undefined): boolean => !duplicating && !replays.during(grant?.previousUs ?? 0, sim.nowUs);
  const inStep = (user: number, section: number, seq: number, msgId: number, last: number): void => {
    const grant = grants.get(groupOf(user));
    const epoch = grant?.epoch ?? 0;
    const sameOwnership = issuedIn.get(user) === epoch;
    issuedIn.set(user, epoch);
    let expected = last + 1;
    if (!sameOwnership) {
      const start = sectionStart.get(section);
      if (start === undefined || start.epoch !== epoch) {
        sectionStart.set(section, { epoch, seq });
        return;
      }
      expected = start.seq;
    }
    if (!ownershipKnown(grant)) return;
    if (seq === expected) return;
    const why = sameOwnership ? `after seq ${last}, in the same ownership of its section` : `as its first of this ownership of its section, whose users start at ${expected}`;
    sink.violate(SEQ_ALLOCATION, { detail: `seq ${seq} issued to user ${user} ${why} (seqs jump only at a handover)`, msgId, user, seq });
  };
  const durableMax = new DurableMaxSeqs(sim, initialSeq, {
    raised(store, section, beforeMax, maxSeq) {
      if (maxSeq >= beforeMax) return;
      const detail = `section ${section}'s max_seq on ${sim.process(store).name}'s disk fell from ${beforeMax} to ${maxSeq} (it only rises: seqs were issued under the higher)`;
      sink.violate(SEQ_ALLOCATION, { kind: MAX_FELL, detail });
    },
    lost(store, section, maxSeq, beforeMax) {
      const detail = `section ${section}'s max_seq on ${sim.process(store).name}'s disk fell from ${maxSeq} to ${beforeMax}: a power loss took back a raise the store had answered, written without a sync (an answered raise survives the machine's power)`;
      sink.violate(SEQ_ALLOCATION, { kind: MAX_FELL, detail });
    },
  });
  sim.trace.on(EV_ALLOC, (_t, allocator, user, seq, msgId) => {
    const last = lastIssued.get(user) ?? 0;
    const section = sectionOf(user, knobs.sectionSize);
    const durable = durableMax.get(section);
    if (seq > durable) {
      const detail = `seq ${seq} issued to user ${user} by ${sim.process(allocator).name} above section ${section}'s max_seq on its store's disk, ${durable} (a seq is issued only under a max_seq the store holds durably)`;
      sink.violate(SEQ_ALLOCATION, { kind: ABOVE_DURABLE, detail, msgId, user, seq });
    }
    const holder = grants.get(groupOf(user))?.owner;
    if (holder !== allocator) {
      const granted = holder === undefined ? 'before any lease of its section group was granted' : `while the latest lease of its section group was granted to ${sim.process(holder).name}`;
      sink.violate(SEQ_ALLOCATION, { detail: `seq ${seq} issued to user ${user} by ${sim.process(allocator).name} ${granted} (one issuer at a time)`, msgId, user, seq });
    } else if (seq <= last) {
      sink.violate(SEQ_ALLOCATION, { detail: `seq ${seq} issued to user ${user} after seq ${last}`, msgId, user, seq });
    } else if (seq < 1 || seq > SEQ_MAX) {
      sink.violate(SEQ_ALLOCATION, { detail: `seq ${seq} of user ${user} is outside 1..2^32-1`, msgId, user, seq });
    } else inStep(user, section, seq, msgId, last);
    lastIssued.set(user, Math.max(last, seq));
  });
  /** Per section, the highest max_seq any owner set out to persist (a write may land unanswered). */
  const maxAsked = new IdMap<number>();
  /** Reports a max_seq outside 32 bits that `allocator` asked for (`persisted` false) or persisted. */
  const maxInRange = (allocator: number, section: number, maxSeq: number, persisted: boolean): void => {
    if (maxSeq <= SEQ_MAX) return;
    const did = persisted ? 'persisted' : 'asked its max_seq store to persist';
    sink.violate(SEQ_ALLOCATION, { kind: MAX_SEQ, detail: `${sim.process(allocator).name} ${did} max_seq ${maxSeq} for section ${section}, above 2^32-1 (a step past it is clamped to it)` });
  };
  sim.trace.on(EV_ALLOC_PERSIST_BEGIN, (_t, allocator, section, maxSeq) => {
    maxInRange(allocator, section, maxSeq, false);
    maxAsked.set(section, Math.max(maxAsked.get(section) ?? 0, maxSeq));
  });
  sim.trace.on(EV_ALLOC_PERSIST, (_t, allocator, section, maxSeq) => maxInRange(allocator, section, maxSeq, true));
  sim.trace.on(EV_INBOX_FULL, (_t, _sendSvr, msgId, user) => {
    const section = sectionOf(user, knobs.sectionSize);
    const last = lastIssued.get(user) ?? 0;
    const reached = Math.max(initialSeq, last, maxAsked.get(section) ?? 0);
    if (reached < SEQ_MAX) {
      sink.violate(SEQ_ALLOCATION, {
        detail: `user ${user}'s inbox was found full, but its seq space is not used up: no seq above ${reached} was issued or persisted in its section, and the last is 2^32-1`,
        msgId,
        user,
      });
      return;
    }
    // Within one ownership a user's seq moves only as the owner issues it one: a user issued seqs in
    // this ownership is out of them only once it was issued 2^32-1 itself.
    const grant = grants.get(groupOf(user));
    if (ownershipKnown(grant) && last < SEQ_MAX && issuedIn.get(user) === (grant?.epoch ?? 0)) {
      sink.violate(SEQ_ALLOCATION, {
        detail: `user ${user}'s inbox was found full after seq ${last} was issued to it in the same ownership of its section: its seq space ends at 2^32-1, which it was not issued`,
        msgId,
        user,
      });
    }
  });
  return { name: SEQ_ALLOCATION };
};
