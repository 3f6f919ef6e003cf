// The max_seq store of one allocator section group (seqsvr's StoreSvr), shared by the group's owner
// and its standbys, and the authority over the group's lease. The owner renews its lease well
// before it lapses; a standby asks for it all the while and gets it only once it has lapsed by this
// store's clock and a margin has passed, clockSkewMaxUs, as long as the old owner's clock may run
// behind: by its own clock the old owner's lease has ended by then, so it issues no more seqs.
// Every grant to a new holder (or to a restarted owner) bumps the ownership epoch, durably, and a
// max_seq write from an older epoch is refused: a deposed owner can never lower or overwrite a
// max_seq the new owner relies on. A grant carries every section's max_seq, so the new owner
// starts each user above anything the old one may have issued.
import { Process } from '../sim/process.js';
import type { SystemKnobs } from './config.js';
import { EV_LEASE_GRANTED, EV_MAXSEQ_DURABLE } from './events.js';
import type { Topology } from './topology.js';
import type { LeaseReq, MaxSeqWrite, Wire } from './wire.js';

export interface SeqStoreDisk {
  /** The ownership epoch, bumped by every grant to a new holder. */
  epoch: number;
  /** The process holding the group's lease (the last it was granted to). */
  owner: number;
  /** Persisted max_seq per section; a section never seen starts at the run's initialSeq. */
  readonly sectionMax: Map<number, number>;
}

const DISK_GRANT = 0;
const DISK_MAX = 1;

interface Reply {
  readonly to: number;
  readonly reqId: number;
}

/** A max_seq write's answer, owed once the write is durable. */
interface MaxReply extends Reply {
  readonly section: number;
}

export class SeqStore extends Process<Wire, SeqStoreDisk> {
  private epoch = 0;
  /** The owner's lease runs until here, by this store's clock. */
  private leaseUntilUs = 0;
  /** A grant is being written: no other grant and no max_seq write until it is durable. */
  private granting = false;

  constructor(
    name: string,
    private readonly knobs: SystemKnobs,
    private readonly topology: Topology,
    private readonly group: number,
    owner: number,
  ) {
    super(name, 'server', { epoch: 0, owner, sectionMax: new Map() });
  }

  start(): void {
    this.epoch = this.durable.epoch;
    this.granting = false;
    // An owner may hold a lease granted just before this (re)start: let it run out first.
    this.leaseUntilUs = this.localNowUs + this.knobs.allocatorLeaseUs;
  }

  override onMessage(from: number, message: Wire): void {
    switch (message.type) {
      case 'lease-req':
        return this.lease(from, message);
      case 'maxseq-write':
        return this.write(from, message);
      default:
        return super.onMessage(from, message);
    }
  }

  override onDiskWritten(tag: number, data: unknown): void {
    const reply = data as Reply;
    if (tag === DISK_MAX) {
      const { section } = reply as MaxReply;
      this.emit(EV_MAXSEQ_DURABLE, section, this.durable.sectionMax.get(section)!);
      this.send(reply.to, { type: 'maxseq-resp', reqId: reply.reqId, ok: true });
      return;
    }
    this.granting = false;
    this.topology.allocatorOwner[this.group] = reply.to;
    this.emit(EV_LEASE_GRANTED, this.group, this.epoch, reply.to);
    this.send(reply.to, { type: 'lease-resp', reqId: reply.reqId, granted: true, epoch: this.epoch, sectionMax: new Map(this.durable.sectionMax) });
  }

  private lease(from: number, req: LeaseReq): void {
    if (this.granting) return; // the asker tries again at its next renewal
    const nowUs = this.localNowUs;
    const owner = this.durable.owner;
    if (from === owner && req.epoch === this.epoch && req.epoch > 0) {
      this.leaseUntilUs = nowUs + this.knobs.allocatorLeaseUs;
      this.send(from, { type: 'lease-resp', reqId: req.reqId, granted: true, epoch: this.epoch, sectionMax: null });
      return;
    }
    // The planted bug 'lease-handover-at-lapse' hands the group over the moment the lease lapses.
    const marginUs = this.knobs.mutants.has('lease-handover-at-lapse') ? 0 : this.knobs.clockSkewMaxUs;
    if (from !== owner && nowUs < this.leaseUntilUs + marginUs) {
      this.send(from, { type: 'lease-resp', reqId: req.reqId, granted: false, epoch: this.epoch, sectionMax: null });
      return;
    }
    // A new holder, or the owner after a restart (its old life's writes may still be on the way).
    const epoch = ++this.epoch;
    this.granting = true;
    this.leaseUntilUs = nowUs + this.knobs.allocatorLeaseUs;
    this.persist((disk) => {
      disk.epoch = epoch;
      disk.owner = from;
    }, DISK_GRANT, { to: from, reqId: req.reqId } satisfies Reply);
    this.crashPoint('seqstore.grant-pending');
  }

  private write(from: number, req: MaxSeqWrite): void {
    if (from !== this.durable.owner || req.epoch !== this.epoch) {
      this.send(from, { type: 'maxseq-resp', reqId: req.reqId, ok: false });
      return;
    }
    const { section, maxSeq } = req;
    // max_seq only rises: an older write (a first try the network held back while its retry and a
    // later raise went through) must not lower it under seqs already issued.
    this.persist((disk) => disk.sectionMax.set(section, Math.max(disk.sectionMax.get(section) ?? maxSeq, maxSeq)), DISK_MAX, { to: from, reqId: req.reqId, section } satisfies MaxReply);
    this.crashPoint('seqstore.max-pending');
  }
}
