// ack-durable, own-last: SendSvr appends a send to the sender's own inbox only once every
// recipient's append is answered. A SendSvr that counted the sender among a group's recipients
// appended both at once: it changed every run of group-storm, directory-churn, multi-device and
// mutant-hunt (seeds 1-10, plain and swarm) and broke no rule; only groups whose other members'
// seq spaces were used up showed the harm, a message acked that no recipient would ever hold.
import { afterEach, describe, expect, it } from 'vitest';
import { SendSvr } from '../../src/system/sendSvr.js';
import type { ChatMessage } from '../../src/system/wire.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface SendSvrParts {
  newJob(message: ChatMessage, recipients: readonly number[], connectSvr: number): unknown;
}
const sendSvr = SendSvr.prototype as unknown as SendSvrParts;
const { newJob } = sendSvr;

afterEach(() => {
  sendSvr.newJob = newJob;
});

describe("the sender's own inbox", () => {
  it('is appended last, and a SendSvr that appends it with a group\'s recipients fails ack-durable', () => {
    const plant = () => {
      // The planted bug: a group's members, the sender among them, are its recipients.
      sendSvr.newJob = function (this: SendSvrParts, message: ChatMessage, recipients: readonly number[], connectSvr: number) {
        return newJob.call(this, message, message.group >= 0 ? [message.fromUser, ...recipients] : recipients, connectSvr);
      };
    };
    const detail = /^own-last: sendsvr-\d appended message \d+ to (the sender's own inbox, user \d+, while \d+ of its appends to recipients' inboxes were unanswered|recipient \d+'s inbox while its append to the sender's own inbox was unanswered) \(the sender's inbox comes last, so that a send no recipient can take is rejected with nothing committed\)$/;
    for (const failed of plantedVerdicts((seed) => verdictOf('ack-durable', 'group-storm', seed), ['1', '2'], plant)) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'own-last', detail: expect.stringMatching(detail) } });
    }
  });
});
