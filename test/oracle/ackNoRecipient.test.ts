// ack-durable: a message no recipient's inbox could take (each one's seq space used up) is rejected,
// not acked. A SendSvr that went on to the sender's own inbox anyway acked it, and the sender
// believed delivered what nobody would ever receive; every other rule held.
import { afterEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/api.js';
import { SendSvr } from '../../src/system/sendSvr.js';

const SEEDS = ['1', '2', '3'];

const ackDurable = (seed: string) => runScenario('seq-exhaustion', { seed }).invariants.find((invariant) => invariant.name === 'ack-durable')!;

interface Job {
  phase: 'recipients' | 'own';
  readonly message: { readonly fromUser: number };
}

describe('a send no recipient could take', () => {
  const proto = SendSvr.prototype as unknown as { phaseDone(job: Job): void; appendTo(job: Job, users: readonly number[]): void };
  const { phaseDone } = proto;
  afterEach(() => {
    proto.phaseDone = phaseDone;
  });

  it('is rejected by the correct SendSvr, and acking it fails ack-durable', () => {
    for (const seed of SEEDS) expect(ackDurable(seed).ok).toBe(true);
    // The planted bug: after the recipients' appends, the sender's own inbox comes next, whatever they answered.
    proto.phaseDone = function (this: typeof proto, job) {
      if (job.phase !== 'recipients') return phaseDone.call(this, job);
      job.phase = 'own';
      this.appendTo(job, [job.message.fromUser]);
    };
    for (const seed of SEEDS) {
      const verdict = ackDurable(seed);
      expect(verdict.ok).toBe(false);
      expect(verdict.first?.detail).toBe("acked, yet no recipient's inbox took it (each was full): the send should have been rejected");
    }
  });
});
