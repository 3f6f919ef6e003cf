// timeliness, lease-release: the allocator the route table names for a section group answers each
// seq request it takes: at once under its lease, or, with no lease yet (it has just started, come
// back or taken the group over), in the instant its lease grant lands. An allocator that dropped
// the requests that came before its grant ("the caller's RPC retry will find us") held every send
// behind them an RPC timeout and more after each restart or takeover (the slowest ack 7 s -> 15 s),
// within every deadline, and every rule held.
// A request counts as taken as it reaches the owner the table names then, and as answered as the
// allocator sends its `alloc-resp`. The grant counts as it reaches the allocator, answering its
// latest ask; a refusal (another owner) lets it drop what it held, as does a crash. A request that
// may be waiting on a max_seq write (one of its section under way at the grant, or begun since the
// request came: a new ownership drops the requests of its writes before) is persist-release's to
// judge. A lease runs from the ask that got it, by the allocator's own clock: a grant that lands
// after the lease it gives has lapsed (a pause, a clock stepped on) holds the requests for the next.
// Not judged where the data-centre links lose datagrams by design, or where old datagrams may land
// again (a copy of an old grant, or of an old request).
import { NumberMap } from '../../sim/numberMap.js';
import { traceKindByName } from '../../sim/traceKinds.js';
import { EV_ALLOC_PERSIST, EV_ALLOC_PERSIST_BEGIN } from '../../system/events.js';
import { sectionOf } from '../../system/topology.js';
import type { AllocReq, AllocResp, LeaseReq, LeaseResp } from '../../system/wire.js';
import type { CheckerContext } from '../checker.js';
import { PerProcess } from '../perProcess.js';

export const LEASE_RELEASE = 'lease-release';

/** One caller's seq requests open at one allocator, by request id: the user, and when it was taken. */
class OpenRequests {
  readonly user = new NumberMap<number>();
  readonly takenUs = new NumberMap<number>();
}

/** One allocator's max_seq writes per section: when the latest began, and whether it is under way. */
interface Writes {
  readonly beganUs: NumberMap<number>;
  readonly underWay: NumberMap<number>;
}

export function leaseRelease(invariant: string, { sim, sink, knobs, paths, replays }: CheckerContext): () => void {
  const { routes } = paths;
  const lossy = knobs.dataCenterLink.lossRate > 0;
  /** Per allocator, per caller: the seq requests it took as owner and has not answered. */
  const open = new Map<number, Map<number, OpenRequests>>();
  const writes = new Map<number, Writes>();
  /** Per allocator: its latest lease ask's request id, and when it asked by its own clock. */
  const askedReqId = new PerProcess(-1);
  const askedLocalUs = new PerProcess(-Infinity);
  /** [allocator, grant time] of grants taken since the last judgement. */
  let granted: number[] = [];
  const writesOf = (allocator: number): Writes => {
    let found = writes.get(allocator);
    if (found === undefined) writes.set(allocator, (found = { beganUs: new NumberMap(), underWay: new NumberMap() }));
    return found;
  };
  sim.network.watch('alloc-req', (allocator, caller, delivered, message) => {
    if (!delivered || message === undefined) return;
    const group = routes.groupIfAllocator(allocator);
    if (group === undefined || routes.ownerOfGroup(group) !== allocator) return;
    const req = message as AllocReq;
    let byCaller = open.get(allocator);
    if (byCaller === undefined) open.set(allocator, (byCaller = new Map()));
    let requests = byCaller.get(caller);
    if (requests === undefined) byCaller.set(caller, (requests = new OpenRequests()));
    // A retry under the same id is the same request, taken again now.
    requests.user.set(req.reqId, req.user);
    requests.takenUs.set(req.reqId, sim.nowUs);
  });
  sim.network.watchSends('alloc-resp', (allocator, caller, message) => {
    const requests = open.get(allocator)?.get(caller);
    if (requests === undefined) return;
    const { reqId } = message as AllocResp;
    requests.user.delete(reqId);
    requests.takenUs.delete(reqId);
  });
  sim.network.watchSends('lease-req', (allocator, _store, message) => {
    askedReqId.set(allocator, (message as LeaseReq).reqId);
    askedLocalUs.set(allocator, sim.localNowUs(allocator));
  });
  sim.network.watch('lease-resp', (allocator, _store, delivered, message) => {
    if (!delivered || message === undefined) return;
    const resp = message as LeaseResp;
    if (resp.reqId !== askedReqId.get(allocator)) return;
    if (!resp.granted) open.delete(allocator);
    // A lease runs from the ask, by the allocator's clock: one that lands lapsed holds them for the next.
    else if (sim.localNowUs(allocator) < askedLocalUs.get(allocator) + knobs.allocatorLeaseUs) granted.push(allocator, sim.nowUs);
  });
  sim.trace.on(EV_ALLOC_PERSIST_BEGIN, (timeUs, allocator, section) => {
    const { beganUs, underWay } = writesOf(allocator);
    beganUs.set(section, timeUs);
    underWay.set(section, 1);
  });
  sim.trace.on(EV_ALLOC_PERSIST, (_t, allocator, section) => writesOf(allocator).underWay.delete(section));
  sim.trace.on(traceKindByName('crash')!, (_t, process) => {
    open.delete(process);
    writes.delete(process);
  });
  /** Whether the request may wait on a max_seq write of its section (persist-release judges it). */
  const onWrite = (allocator: number, user: number, takenUs: number): boolean => {
    const found = writes.get(allocator);
    if (found === undefined) return false;
    const section = sectionOf(user, knobs.sectionSize);
    return found.underWay.has(section) || (found.beganUs.get(section) ?? -1) >= takenUs;
  };
  // Called between runs of the kernel: every handler at or before now is done.
  return () => {
    if (granted.length === 0) return;
    for (let g = 0; g < granted.length; g += 2) {
      const allocator = granted[g]!;
      const grantUs = granted[g + 1]!;
      for (const [caller, requests] of open.get(allocator) ?? []) {
        requests.takenUs.deleteWhere((reqId, takenUs) => {
          const user = requests.user.get(reqId)!;
          // A request on a write is kept until answered, or until its caller has given it up.
          const givenUp = grantUs - takenUs > knobs.rpcAttempts * knobs.rpcTimeoutUs;
          if (takenUs > grantUs || (onWrite(allocator, user, takenUs) && !givenUp)) return false;
          requests.user.delete(reqId);
          if (givenUp || lossy || replays.during(takenUs, grantUs)) return true;
          const detail = `${LEASE_RELEASE}: ${sim.process(allocator).name}, the owner the route table named, took seq request ${reqId} of ${sim.process(caller).name} for user ${user} ${((grantUs - takenUs) / 1000).toFixed(3)} ms before its lease grant landed, and left it unanswered as the grant landed (requests that wait for the lease are answered as it lands)`;
          sink.violate(invariant, { kind: LEASE_RELEASE, detail, user });
          return true;
        });
      }
    }
    granted = [];
  };
}
