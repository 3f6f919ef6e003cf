// The per-user sequence allocator (WeChat's seqsvr). cur_seq lives in memory; max_seq is persisted
// per section of users, a step ahead. No seq above the persisted max_seq is ever issued, so after a
// restart every user of a section can safely jump to it: seqs rise across crashes, with gaps.
import { Process } from '../sim/process.js';
import { SEQ_MAX, type SystemKnobs } from './config.js';
import { EV_ALLOC, EV_ALLOC_PERSIST, EV_ALLOC_PERSIST_BEGIN } from './events.js';
import { sectionOf } from './topology.js';
import type { AllocReq, Wire } from './wire.js';

export interface AllocatorDisk {
  /** Persisted max_seq per section; a section never seen starts at `initialSeq`. */
  readonly sectionMax: Map<number, number>;
}

interface Waiting {
  readonly from: number;
  readonly req: AllocReq;
}

export class Allocator extends Process<Wire, AllocatorDisk> {
  private curSeq = new Map<number, number>();
  /** Each section's max_seq as loaded at (re)start: every seq issued before lies at or below it. */
  private loadedMax = new Map<number, number>();
  /** Requests held while their section's next max_seq is being persisted. */
  private waiting = new Map<number, Waiting[]>();

  constructor(
    name: string,
    private readonly knobs: SystemKnobs,
    /** Where every user's seq space starts (a test of 32-bit exhaustion starts near 2^32). */
    private readonly initialSeq: number,
  ) {
    super(name, 'server', { sectionMax: new Map() });
  }

  start(): void {
    this.curSeq = new Map();
    this.loadedMax = new Map(this.durable.sectionMax);
    this.waiting = new Map();
  }

  override onMessage(from: number, message: Wire): void {
    if (message.type !== 'alloc-req') return super.onMessage(from, message);
    this.crashPoint('alloc.received');
    this.allocate({ from, req: message });
  }

  override onDiskWritten(section: number): void {
    this.emit(EV_ALLOC_PERSIST, section, this.maxSeq(section));
    this.crashPoint('alloc.after-persist');
    const held = this.waiting.get(section) ?? [];
    this.waiting.delete(section);
    for (const request of held) this.allocate(request);
  }

  private allocate(request: Waiting): void {
    const { user, reqId, msgId } = request.req;
    const section = sectionOf(user, this.knobs.sectionSize);
    const cur = this.cur(user, section);
    if (cur >= SEQ_MAX) {
      this.send(request.from, { type: 'alloc-resp', reqId, user, seq: -1 });
      return;
    }
    const held = this.waiting.get(section);
    if (held !== undefined) {
      held.push(request);
      return;
    }
    if (cur + 1 > this.maxSeq(section)) {
      this.waiting.set(section, [request]);
      const nextMax = Math.min(SEQ_MAX, this.maxSeq(section) + this.knobs.allocStep);
      this.crashPoint('alloc.before-persist');
      this.emit(EV_ALLOC_PERSIST_BEGIN, section, nextMax);
      this.persist((disk) => disk.sectionMax.set(section, nextMax), section);
      return;
    }
    const seq = cur + 1;
    this.curSeq.set(user, seq);
    this.emit(EV_ALLOC, user, seq, msgId);
    this.crashPoint('alloc.before-reply');
    this.send(request.from, { type: 'alloc-resp', reqId, user, seq });
  }

  /**
   * cur_seq of a user; after a (re)start it jumps to the section's persisted max_seq. A user first
   * seen later starts there too, not at a max_seq this run has raised since: that would burn a
   * whole step per user, and seqs would jump with no restart.
   */
  private cur(user: number, section: number): number {
    let cur = this.curSeq.get(user);
    if (cur === undefined) {
      // The planted bug: forget the persisted max_seq and start over, reissuing seqs.
      const forgetful = this.incarnation > 0 && this.knobs.mutants.has('alloc-no-persist');
      cur = forgetful ? this.initialSeq : (this.loadedMax.get(section) ?? this.initialSeq);
      this.curSeq.set(user, cur);
    }
    return cur;
  }

  private maxSeq(section: number): number {
    return this.durable.sectionMax.get(section) ?? this.initialSeq;
  }
}
