// timeliness, persist-release: an allocator that raises a section's max_seq holds the seq requests
// for that section until the write is durable, and answers every one of them the instant it lands
// (`alloc-persist`), but for those that start the section's next write then (its step used up). An
// allocator that released only the first held request left the others to their caller's RPC timeout
// and retry: the sends behind them were acked a second late, within every deadline, and every rule
// held.
// A request counts as held from its arrival while the section's write is under way (or as the one
// that began it: the `alloc-persist-begin` in the instant it arrived); answered as the allocator
// sends its `alloc-resp`. Not judged where a fault touched the allocator's group or its store since
// the write began (a lease that lapses meanwhile holds requests for the next grant), where the
// data-centre links lose datagrams by design (a lost renewal lapses the lease too), or where old
// datagrams may land again.
import { traceKindByName } from '../../sim/traceKinds.js';
import { EV_ALLOC_PERSIST, EV_ALLOC_PERSIST_BEGIN } from '../../system/events.js';
import { sectionOf } from '../../system/topology.js';
import type { AllocReq, AllocResp } from '../../system/wire.js';
import type { CheckerContext } from '../checker.js';

export const PERSIST_RELEASE = 'persist-release';

/** The most requests one write is watched holding. */
const HELD_MAX = 4096;

/** One write of a section's max_seq under way at one allocator, and the requests it holds (caller, request id, user). */
interface Write {
  readonly beganUs: number;
  /** When it landed; -1 while under way. */
  landedUs: number;
  held: number[];
}

export function persistWaiters(invariant: string, { sim, sink, knobs, paths, replays }: CheckerContext): () => void {
  const { routes } = paths;
  const lossy = knobs.dataCenterLink.lossRate > 0;
  /** Per allocator: section -> its write under way or landed since the last judgement. */
  const writes = new Map<number, Map<number, Write>>();
  /** Per allocator: the latest request it took (when, caller, request id, user), for the write it begins in the same instant. */
  const takenUs: number[] = [];
  const takenCaller: number[] = [];
  const takenReqId: number[] = [];
  const takenUser: number[] = [];
  /** [allocator, section] of writes landed since the last judgement. */
  let landed: number[] = [];
  sim.network.watch('alloc-req', (allocator, caller, delivered, message) => {
    if (!delivered) return;
    const req = message as AllocReq;
    const write = writes.get(allocator)?.get(sectionOf(req.user, knobs.sectionSize));
    if (write !== undefined && write.landedUs < 0) {
      // A write that never lands (its store unreachable, or fenced) is replaced by the section's next.
      if (write.held.length < HELD_MAX * 3) write.held.push(caller, req.reqId, req.user);
      return;
    }
    takenUs[allocator] = sim.nowUs;
    takenCaller[allocator] = caller;
    takenReqId[allocator] = req.reqId;
    takenUser[allocator] = req.user;
  });
  sim.network.watchSends('alloc-resp', (allocator, caller, message) => {
    const resp = message as AllocResp;
    const write = writes.get(allocator)?.get(sectionOf(resp.user, knobs.sectionSize));
    if (write === undefined) return;
    const held = write.held;
    for (let i = 0; i < held.length; i += 3) {
      if (held[i] === caller && held[i + 1] === resp.reqId) {
        held.splice(i, 3);
        return;
      }
    }
  });
  sim.trace.on(EV_ALLOC_PERSIST_BEGIN, (timeUs, allocator, section) => {
    let sections = writes.get(allocator);
    if (sections === undefined) writes.set(allocator, (sections = new Map()));
    const before = sections.get(section);
    // The requests the write before left unanswered as it landed, in this instant, wait on this one.
    const held = before !== undefined && before.landedUs === timeUs ? before.held : [];
    const user = takenUser[allocator]!;
    if (takenUs[allocator] === timeUs && sectionOf(user, knobs.sectionSize) === section) held.push(takenCaller[allocator]!, takenReqId[allocator]!, user);
    sections.set(section, { beganUs: timeUs, landedUs: -1, held });
  });
  sim.trace.on(EV_ALLOC_PERSIST, (timeUs, allocator, section) => {
    const write = writes.get(allocator)?.get(section);
    if (write === undefined) return;
    write.landedUs = timeUs;
    landed.push(allocator, section);
  });
  sim.trace.on(traceKindByName('crash')!, (_t, process) => {
    writes.delete(process);
    takenUs[process] = -1;
  });
  // Called between runs of the kernel: every handler at or before now is done.
  return () => {
    if (landed.length === 0) return;
    for (let i = 0; i < landed.length; i += 2) {
      const allocator = landed[i]!;
      const section = landed[i + 1]!;
      const sections = writes.get(allocator);
      const write = sections?.get(section);
      // Gone with a crash, or replaced by the section's next write (which took the rest over).
      if (write === undefined || write.landedUs < 0) continue;
      sections!.delete(section);
      const { held } = write;
      if (held.length === 0 || lossy || replays.during(write.beganUs, write.landedUs)) continue;
      const group = routes.groupIfAllocator(allocator)!;
      if (paths.anyTouched(routes.allocatorsOf(held[2]!), write.beganUs, write.landedUs)) continue;
      const detail = `${PERSIST_RELEASE}: ${sim.process(allocator).name}'s write of section ${section}'s max_seq landed, and it left ${held.length / 3} seq request${held.length === 3 ? '' : 's'} held for it unanswered, request ${held[1]} of ${sim.process(held[0]!).name} for user ${held[2]} among them (every request a write holds is answered as it lands; section group ${group})`;
      sink.violate(invariant, { kind: PERSIST_RELEASE, detail, user: held[2]! });
    }
    landed = [];
  };
}
