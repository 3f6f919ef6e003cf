// timeliness, stop-and-wait: a MsgStore primary has one replicate batch in flight per replica. One
// that took any ack from the replica for the answer to its batch in flight (a replayed or copied
// old one) overlapped batches under a replaying link, and broke no other rule; so did one that
// pipelined batches outright. And no later (replicate-resend): one that gave each batch the whole
// RPC budget before sending it again left replicas 5 s behind after a lost batch.
import { afterEach, describe, expect, it } from 'vitest';
import type { SystemKnobs } from '../../src/system/config.js';
import { MsgStore } from '../../src/system/msgStore.js';
import { Replicator } from '../../src/system/replicator.js';
import type { ReplicateAck } from '../../src/system/wire.js';
import { plantKnobs, plantedVerdicts, verdictOf } from './plants.js';

interface Peer {
  readonly id: number;
  reqId: number;
}
interface ReplicatorParts {
  acked(from: number, ack: ReplicateAck): boolean;
  pump(index: number): void;
  peers: Peer[];
  source: { epoch: number };
}
const replicator = Replicator.prototype as unknown as ReplicatorParts;
const { acked, pump } = replicator;
const timeliness = (scenario: string) => (seed: string) => verdictOf('timeliness', scenario, seed);

let restoreLead: (() => void) | undefined;
afterEach(() => {
  Object.assign(replicator, { acked, pump });
  restoreLead?.();
  restoreLead = undefined;
});

describe('replication, stop and wait', () => {
  it('keeps one batch in flight per replica, and a primary that pipelines batches fails timeliness', () => {
    // The planted bug: a batch in flight does not hold back the next (the acks of all but the latest are then ignored).
    const plant = () => {
      replicator.pump = function (this: ReplicatorParts, index: number) {
        this.peers[index]!.reqId = 0;
        pump.call(this, index);
      };
    };
    for (const failed of plantedVerdicts(timeliness('baseline'), ['1', '2'], plant)) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'stop-and-wait', detail: expect.stringMatching(/^stop-and-wait: msgstore-\d sent msgstore-\d replicate batch \d+ \(from LSN \d+\) while batch \d+, sent [\d,]+ ms before, was unanswered and its 1,000 ms timeout not passed \(one batch in flight per replica\)$/) } });
    }
  });

  it('takes only the ack of the batch in flight, and a primary that takes any ack from the replica fails timeliness', () => {
    const plant = () => {
      replicator.acked = function (this: ReplicatorParts, from: number, ack: ReplicateAck) {
        const peer = this.peers.find((p) => p.id === from);
        // The planted bug: any ack of the epoch answers the batch in flight.
        if (peer !== undefined && ack.epoch === this.source.epoch) peer.reqId = ack.reqId;
        return acked.call(this, from, ack);
      };
    };
    // Taken while a batch is in flight, a stale ack lets the next go at once; taken while none is,
    // it moves the next batch back below what the replica said it holds (replicateFrom.ts).
    const stale = /^(stop-and-wait: msgstore-\d sent msgstore-\d replicate batch \d+ .* \(one batch in flight per replica\)|replicate-from: msgstore-\d sent msgstore-\d a batch from LSN \d+, below LSN \d+, up to which its answer to batch \d+ said it holds or matches the log)$/;
    for (const failed of plantedVerdicts(timeliness('replays'), ['1', '2', '3'], plant)) {
      expect(failed).toMatchObject({ ok: false, first: { kind: expect.stringMatching(/^(stop-and-wait|replicate-from)$/), detail: expect.stringMatching(stale) } });
    }
  });

  it('sends an unanswered batch again at its timeout, and a primary that waits the whole RPC budget fails timeliness', () => {
    // The planted bug: the replicator is made with every attempt's timeout, rpcAttempts x rpcTimeout.
    const plant = () => {
      const msgStore = MsgStore.prototype as unknown as { knobs: SystemKnobs; lead(epoch: number): void };
      restoreLead = plantKnobs(msgStore, 'lead', (knobs) => ({ ...knobs, rpcTimeoutUs: knobs.rpcTimeoutUs * knobs.rpcAttempts }));
    };
    for (const failed of plantedVerdicts(timeliness('storage-failover'), ['1', '2', '3'], plant)) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'replicate-resend', detail: expect.stringMatching(/^replicate-resend: msgstore-\d sent msgstore-\d replicate batch \d+ at [\d,]+ ms, and (had sent nothing more to it by|sent the next only) [\d,]+ ms( after)? \(an unanswered batch goes again at its 1,000 ms timeout\)$/) } });
    }
  });
});
