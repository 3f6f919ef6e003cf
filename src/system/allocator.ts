// The per-user sequence allocator (WeChat's seqsvr). Sections of users are grouped; each group has
// an owner and allocatorStandbys standbys, and a shared max_seq store (seqStore.ts) that grants the
// group's lease. cur_seq lives in the owner's memory; max_seq is persisted per section, a step
// ahead, in the store. No seq above the persisted max_seq is ever issued, so whoever next owns the
// section (the owner after a restart, or a standby after a takeover) can safely start every user
// of it there: seqs rise across crashes and handovers, with gaps.
//
// The owner issues a seq only while it holds the lease by its own clock, counted from when it asked
// for it (so the lease it believes in never outlasts the one the store granted, its clock's drift
// within clockSkewMaxUs aside). Requests reach it through the route table, which names the owner.
import { SEQ_MAX, type SystemKnobs } from './config.js';
import { EV_ALLOC, EV_ALLOC_PERSIST, EV_ALLOC_PERSIST_BEGIN } from './events.js';
import { firstReqId } from './rpc.js';
import { RpcServer } from './rpcServer.js';
import { sectionOf, type Topology } from './topology.js';
import type { AllocReq, LeaseResp, MaxSeqResp, MaxSeqWrite, Wire } from './wire.js';

interface Waiting {
  readonly from: number;
  readonly req: AllocReq;
}

const TIMER_LEASE = 2;

export class Allocator extends RpcServer<null, MaxSeqWrite, MaxSeqResp, Waiting[]> {
  /** The ownership epoch of the lease held (0: none), and when it ends by this machine's clock. */
  private epoch = 0;
  private leaseEndUs = -Infinity;
  /** The latest lease request, and when it was sent by this machine's clock. */
  private leaseReqId = 0;
  private leaseAskedUs = 0;
  private nextLeaseReqId = 0;
  private curSeq = new Map<number, number>();
  /** Each section's max_seq as loaded with the lease: every seq issued before lies at or below it. */
  private loadedMax = new Map<number, number>();
  /** Each section's persisted max_seq as this owner knows it. */
  private sectionMax = new Map<number, number>();
  /** Requests held while their section's next max_seq is being persisted. */
  private waiting = new Map<number, Waiting[]>();
  /** Requests held while the route table names this allocator but it has no lease yet. */
  private held: Waiting[] = [];

  constructor(
    name: string,
    knobs: SystemKnobs,
    /** Where every user's seq space starts (a test of 32-bit exhaustion starts near 2^32). */
    private readonly initialSeq: number,
    private readonly topology: Topology,
    private readonly group: number,
  ) {
    super(name, null, knobs);
  }

  start(): void {
    this.resetRpc();
    this.epoch = 0;
    this.leaseEndUs = -Infinity;
    this.nextLeaseReqId = firstReqId(this);
    this.curSeq = new Map();
    this.loadedMax = new Map();
    this.sectionMax = new Map();
    this.waiting = new Map();
    this.held = [];
    this.askForLease();
  }

  override onMessage(from: number, message: Wire): void {
    switch (message.type) {
      case 'alloc-req':
        this.crashPoint('alloc.received');
        return this.take({ from, req: message });
      case 'lease-resp':
        return this.leaseAnswered(message);
      case 'maxseq-resp':
        return this.rpc.replied(message);
      default:
        return super.onMessage(from, message);
    }
  }

  override onTimer(tag: number, data: unknown): void {
    if (tag === TIMER_LEASE) this.askForLease();
    else super.onTimer(tag, data);
  }

  /** Owners renew, standbys ask to take over: both at a third of the lease, so a renewal has two chances to spare. */
  private askForLease(): void {
    this.leaseReqId = this.nextLeaseReqId++;
    this.leaseAskedUs = this.localNowUs;
    this.send(this.topology.seqStores[this.group]!, { type: 'lease-req', reqId: this.leaseReqId, epoch: this.epoch });
    this.setTimer(this.knobs.allocatorLeaseUs / 3, TIMER_LEASE);
    this.crashPoint('alloc.lease-asked');
  }

  private leaseAnswered(resp: LeaseResp): void {
    if (resp.reqId !== this.leaseReqId) return;
    if (!resp.granted) {
      // Another allocator owns the group: forget what this one knew; the route table sends callers on.
      this.epoch = 0;
      this.leaseEndUs = -Infinity;
      this.held = [];
      return;
    }
    // Counted from the ask: the store may have granted it long before the answer got here (a pause in
    // between). The planted bug 'lease-from-answer' counts from the answer.
    const fromUs = this.knobs.mutants.has('lease-from-answer') ? this.localNowUs : this.leaseAskedUs;
    this.leaseEndUs = fromUs + this.knobs.allocatorLeaseUs;
    // A new ownership: every user of every section starts above the persisted max_seq. A second copy
    // of the same grant (the data centre duplicates datagrams) is no new ownership: taken again, it
    // would start users over at max_seqs this owner has issued above since.
    if (resp.sectionMax !== null && resp.epoch > this.epoch) {
      this.epoch = resp.epoch;
      this.loadedMax = new Map(resp.sectionMax);
      this.sectionMax = new Map(resp.sectionMax);
      this.curSeq = new Map();
      this.waiting = new Map();
    }
    const held = this.held;
    this.held = [];
    for (const request of held) this.take(request);
  }

  /** Issues only under a lease; holds requests while the route table names it and no lease is held yet. */
  private take(request: Waiting): void {
    // The planted bug: an owner that once held the lease goes on issuing without looking at the clock.
    const leased = this.epoch > 0 && (this.localNowUs < this.leaseEndUs || this.knobs.mutants.has('no-lease-check'));
    if (leased) this.allocate(request);
    else if (this.topology.allocatorOwner[this.group] === this.id) this.held.push(request);
  }

  private allocate(request: Waiting): void {
    const { user, reqId, msgId } = request.req;
    const section = sectionOf(user, this.knobs.sectionSize);
    const cur = this.cur(user, section);
    if (cur >= SEQ_MAX) {
      this.send(request.from, { type: 'alloc-resp', reqId, user, seq: -1 });
      return;
    }
    const waiting = this.waiting.get(section);
    if (waiting !== undefined) {
      waiting.push(request);
      return;
    }
    if (cur + 1 > this.maxSeq(section)) {
      this.persistMax(section, request);
      return;
    }
    const seq = cur + 1;
    this.curSeq.set(user, seq);
    this.emit(EV_ALLOC, user, seq, msgId);
    this.crashPoint('alloc.before-reply');
    this.send(request.from, { type: 'alloc-resp', reqId, user, seq });
  }

  /** Raises a section's max_seq by a step in the store, holding its requests until it is durable. */
  private persistMax(section: number, request: Waiting): void {
    const waiting = [request];
    this.waiting.set(section, waiting);
    const maxSeq = Math.min(SEQ_MAX, this.maxSeq(section) + this.knobs.allocStep);
    const epoch = this.epoch;
    this.crashPoint('alloc.before-persist');
    this.emit(EV_ALLOC_PERSIST_BEGIN, section, maxSeq);
    this.rpc.call({ type: 'maxseq-write', reqId: this.rpc.newReqId(), epoch, section, maxSeq }, waiting);
  }

  rpcDestination(): number {
    return this.topology.seqStores[this.group]!;
  }

  rpcReplied(resp: MaxSeqResp, write: MaxSeqWrite, waiting: Waiting[]): void {
    const { epoch, section, maxSeq } = write;
    this.release(section, waiting);
    if (this.epoch !== epoch) return; // a new lease since: it brought its own max_seqs
    if (!resp.ok) {
      // Fenced: a newer owner holds the group. The callers retry through the route table.
      this.epoch = 0;
      this.leaseEndUs = -Infinity;
      return;
    }
    this.sectionMax.set(section, maxSeq);
    this.emit(EV_ALLOC_PERSIST, section, maxSeq);
    this.crashPoint('alloc.after-persist');
    for (const held of waiting) this.take(held);
  }

  /** The store stayed unreachable: drop the requests; their callers retry. */
  rpcGaveUp(write: MaxSeqWrite, waiting: Waiting[]): void {
    this.release(write.section, waiting);
  }

  /** The section's requests no longer wait on this write (unless a new lease has replaced them). */
  private release(section: number, waiting: Waiting[]): void {
    if (this.waiting.get(section) === waiting) this.waiting.delete(section);
  }

  /**
   * cur_seq of a user; with a new lease (or after a restart) it jumps to the section's persisted
   * max_seq. A user first seen later starts there too, not at a max_seq this owner has raised
   * since: that would burn a whole step per user, and seqs would jump with no handover.
   */
  private cur(user: number, section: number): number {
    let cur = this.curSeq.get(user);
    if (cur === undefined) {
      // The planted bug: forget the persisted max_seq after a restart and start over, reissuing seqs.
      const forgetful = this.incarnation > 0 && this.knobs.mutants.has('alloc-no-persist');
      cur = forgetful ? this.initialSeq : (this.loadedMax.get(section) ?? this.initialSeq);
      this.curSeq.set(user, cur);
    }
    return cur;
  }

  private maxSeq(section: number): number {
    return this.sectionMax.get(section) ?? this.initialSeq;
  }
}
