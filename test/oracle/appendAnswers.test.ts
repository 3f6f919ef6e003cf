// timeliness, answered-together: a MsgStore primary answers every request it took for a message at
// the commit that answers one. One that matched a waiting request by its sender alone dropped a
// SendSvr's second request for a message (a resend under a new id): its caller heard only after a
// timeout and a retry, and every other rule held. Planted here as its class: a reply that reaches
// only the first waiter.
import { afterEach, describe, expect, it } from 'vitest';
import { MsgStore } from '../../src/system/msgStore.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface Job {
  replied: boolean;
  waiters: unknown[];
}
interface MsgStoreParts {
  reply(job: Job, seq: number, reject: unknown): void;
}
const store = MsgStore.prototype as unknown as MsgStoreParts;
const { reply } = store;

afterEach(() => {
  store.reply = reply;
});

const plant = () => {
  store.reply = function (this: MsgStoreParts, job: Job, seq: number, reject: unknown) {
    if (!job.replied) job.waiters.splice(1);
    reply.call(this, job, seq, reject);
  };
};
const detail = /^answered-together: msgstore-\d answered an append of message \d+ to user \d+, and (never|only [\d,.]+ ms later) request \d+ of sendsvr-\d for it, taken before \(one commit answers every request for a message\)$/;

describe('append answers', () => {
  it('answers every waiting request at the commit, and a store that answers only the first fails timeliness', () => {
    for (const failed of plantedVerdicts((seed) => verdictOf('timeliness', 'seqsvr-restart', seed), ['5'], plant)) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'answered-together', detail: expect.stringMatching(detail) } });
    }
  });

  it('holds through crashes and failovers of the swarm, and fails the plant there', () => {
    for (const failed of plantedVerdicts((seed) => verdictOf('timeliness', 'storage-failover', seed, true), ['6', '7'], plant)) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'answered-together', detail: expect.stringMatching(detail) } });
    }
  });
});
