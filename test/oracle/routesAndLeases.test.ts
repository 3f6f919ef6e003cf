// Four promises of the storage tier's control plane, each of which a realistic bug broke while every
// rule held: a request goes where the route table names when it is sent (a SendSvr that cached each
// shard's primary spent every attempt of an append under way at a failover on the fenced primary);
// an allocator asks for its lease every third of it (one that renewed once per lease let it lapse at
// each renewal); a restarted owner gets its lease back at once (a store that made it wait out its
// own old lease stalled every send at the start); and a failover never promotes with fewer than a
// majority of the shard live (one that kept the shard "available" on a lone survivor).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Allocator } from '../../src/system/allocator.js';
import { SendSvr } from '../../src/system/sendSvr.js';
import { SeqStore } from '../../src/system/seqStore.js';
import type { AppendReq, LeaseReq } from '../../src/system/wire.js';
import { plantedVerdicts, verdictOf } from './plants.js';

/** While true, a failover takes any live replica for a majority. */
let anySurvivor = false;

vi.mock('../../src/system/topology.js', async (importOriginal) => {
  const topology = await importOriginal<typeof import('../../src/system/topology.js')>();
  return { ...topology, majorityOf: (size: number) => (anySurvivor ? 1 : topology.majorityOf(size)) };
});

const timeliness = (scenario: string, swarm = false) => (seed: string) => verdictOf('timeliness', scenario, seed, swarm);

interface SendSvrParts {
  rpcDestination(append: AppendReq): number;
  cachedPrimary?: Map<number, number>;
}
interface AllocatorParts {
  askForLease(): void;
  setTimer(delayUs: number, tag: number, data?: unknown): unknown;
}
interface SeqStoreParts {
  lease(from: number, req: LeaseReq): void;
  send(to: number, message: unknown): void;
  durable: { owner: number };
  epoch: number;
  leaseUntilUs: number;
  localNowUs: number;
  knobs: { clockSkewMaxUs: number };
}
const sendSvr = SendSvr.prototype as unknown as SendSvrParts;
const allocator = Allocator.prototype as unknown as AllocatorParts;
const seqStore = SeqStore.prototype as unknown as SeqStoreParts;
const original = { rpcDestination: sendSvr.rpcDestination, askForLease: allocator.askForLease, lease: seqStore.lease };

afterEach(() => {
  Object.assign(sendSvr, { rpcDestination: original.rpcDestination });
  Object.assign(allocator, { askForLease: original.askForLease });
  Object.assign(seqStore, { lease: original.lease });
  anySurvivor = false;
});


describe("the storage tier's control plane", () => {
  /** The planted bug: the destination of the first append by `keyOf` is kept and used again. */
  const cachedDestinations = (keyOf: (append: AppendReq) => number) => () => {
    sendSvr.rpcDestination = function (this: SendSvrParts, append: AppendReq) {
      const cache = (this.cachedPrimary ??= new Map());
      if (!cache.has(keyOf(append))) cache.set(keyOf(append), original.rpcDestination.call(this, append));
      return cache.get(keyOf(append))!;
    };
  };
  const rerouted = /^reroute: sendsvr-\d sent a append-req to msgstore-\d, [\d,]+ ms after the route table stopped naming it \(its shard's primary, looked up for every attempt\)$/;

  it('routes every attempt by the table, and a SendSvr that caches primaries fails timeliness', () => {
    const plant = cachedDestinations((append) => append.user);
    for (const failed of plantedVerdicts(timeliness('storage-failover'), ['8', '9', '10'], plant)) expect(failed).toMatchObject({ ok: false, first: { kind: 'reroute', detail: expect.stringMatching(rerouted) } });
  });

  it('routes every attempt by the table over a replaying link too, and retries that go where the first attempt went fail timeliness', () => {
    // A retry taken for the same request, so sent where its first attempt went. Judged as the
    // SendSvr sends: a replayed copy of an old attempt excuses nothing.
    const plant = cachedDestinations((append) => append.reqId);
    for (const failed of plantedVerdicts(timeliness('replays'), ['1', '2'], plant)) expect(failed).toMatchObject({ ok: false, first: { kind: 'reroute', detail: expect.stringMatching(rerouted) } });
  });

  it('asks for the lease every third of it, and an owner that renews once per lease fails timeliness', () => {
    const plant = () => {
      allocator.askForLease = function (this: AllocatorParts) {
        const own = this.setTimer;
        this.setTimer = (delayUs, tag, data) => own.call(this, delayUs * 3, tag, data);
        try {
          original.askForLease.call(this);
        } finally {
          delete (this as Partial<AllocatorParts>).setTimer;
        }
      };
    };
    for (const failed of plantedVerdicts(timeliness('baseline'), ['1', '2', '3'], plant)) expect(failed).toMatchObject({ ok: false, first: { kind: 'lease', detail: expect.stringMatching(/^lease: allocator-\d asked its max_seq store for the lease [\d,]+ ms after its ask before, with no fault on it \(an ask every 1,000 ms, each within a data-centre hop\)$/) } });
  });

  it('gives a restarted owner its lease at once, and a store that makes it wait out its own lease fails timeliness', () => {
    const plant = () => {
      seqStore.lease = function (this: SeqStoreParts, from: number, req: LeaseReq) {
        const renewal = from === this.durable.owner && req.epoch === this.epoch && req.epoch > 0;
        if (!renewal && this.localNowUs < this.leaseUntilUs + this.knobs.clockSkewMaxUs) {
          this.send(from, { type: 'lease-resp', reqId: req.reqId, granted: false, epoch: this.epoch, sectionMax: null });
          return;
        }
        original.lease.call(this, from, req);
      };
    };
    for (const failed of plantedVerdicts(timeliness('baseline'), ['1', '2', '3'], plant)) expect(failed).toMatchObject({ ok: false, first: { kind: 'lease', detail: expect.stringMatching(/^lease: allocator-\d, section group \d's owner, started at 0 ms and seqstore-\d granted it no lease within [\d,]+ ms \(an ask every 1,000 ms, then a data-centre hop and a disk write\)$/) } });
  });

  it('fails over only with a majority live, and a failover onto a lone survivor fails timeliness', () => {
    for (const failed of plantedVerdicts(timeliness('storage-failover', true), ['3', '8'], () => (anySurvivor = true))) expect(failed).toMatchObject({ ok: false, first: { kind: 'failover', detail: expect.stringMatching(/^failover: shard \d promoted msgstore-\d with 1 of its 3 replicas live, fewer than a majority \(the most up-to-date of so few may lack entries a majority committed\)$/) } });
  });
});
