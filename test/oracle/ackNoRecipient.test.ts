// ack-durable: a message no recipient's inbox could take (each one's seq space used up) is rejected,
// not acked. A SendSvr that went on to the sender's own inbox anyway acked it, and the sender
// believed delivered what nobody would ever receive; every other rule held. So is a message with no
// recipient at all (a group the sender alone is in) that the sender's own full inbox turned away:
// SendSvr acked those, stored nowhere, until a knob fuzzer ran seq-exhaustion with one user.
import { afterEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/api.js';
import { SendSvr } from '../../src/system/sendSvr.js';

const SEEDS = ['1', '2', '3'];

const ackDurable = (seed: string) => runScenario('seq-exhaustion', { seed }).invariants.find((invariant) => invariant.name === 'ack-durable')!;

interface Job {
  phase: 'recipients' | 'own';
  readonly message: { readonly fromUser: number };
  readonly recipients: readonly number[];
  readonly committed: readonly unknown[];
}

/** One user, who sends only to groups: every group holds the sender alone. */
const ALONE = ['users.count=1', 'workload.sendsPerUserPerMin=60', 'workload.groupShare=1'];

describe('a send no recipient could take', () => {
  const proto = SendSvr.prototype as unknown as { phaseDone(job: Job): void; appendTo(job: Job, users: readonly number[]): void; takenNowhere(job: Job): boolean };
  const { phaseDone, takenNowhere } = proto;
  afterEach(() => {
    proto.phaseDone = phaseDone;
    proto.takenNowhere = takenNowhere;
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

  it('with no recipient and the sender\'s own inbox full, is rejected by the correct SendSvr, and acking it fails ack-durable', () => {
    for (const seed of SEEDS) {
      const report = runScenario('seq-exhaustion', { seed, set: ALONE });
      expect(report.invariants.filter((invariant) => !invariant.ok)).toEqual([]);
      // The user's 40 seqs run out: most of the 134-151 sends are turned away.
      expect(report.messages.rejected).toBeGreaterThan(report.messages.acked);
    }
    // The planted bug: only recipients' full inboxes can turn a send away, as SendSvr did before.
    proto.takenNowhere = (job) => job.phase === 'recipients' && job.recipients.length > 0 && job.committed.length === 0;
    for (const seed of SEEDS) {
      const verdict = runScenario('seq-exhaustion', { seed, set: ALONE }).invariants.find((invariant) => invariant.name === 'ack-durable')!;
      expect(verdict.ok).toBe(false);
      expect(verdict.first?.detail).toBe('acked, yet it is in no inbox (each it was sent to was full): the send should have been rejected');
    }
  });
});
