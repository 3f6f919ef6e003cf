// push-route, push-once: SendSvr asks each PushSvr for a message's hints once, naming every inbox it
// serves that took the message. A SendSvr that sent one request per inbox gave PushSvr 10.7 times
// the requests in a group storm, and one that asked again on each retry of a done send hinted
// messages two to four times; both passed every rule.
import { afterEach, describe, expect, it } from 'vitest';
import { SendSvr } from '../../src/system/sendSvr.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface Job {
  readonly committed: readonly unknown[];
}
interface SendSvrParts {
  requestPush(job: Job): void;
}
const sendSvr = SendSvr.prototype as unknown as SendSvrParts;
const { requestPush } = sendSvr;

afterEach(() => {
  sendSvr.requestPush = requestPush;
});

describe('push requests', () => {
  it('go to each PushSvr once per message, and a SendSvr that sends one per inbox fails push-route', () => {
    const plant = () => {
      // The planted bug: one request per inbox that took the message.
      sendSvr.requestPush = function (this: SendSvrParts, job: Job) {
        for (const target of job.committed) requestPush.call(this, { ...job, committed: [target] });
      };
    };
    const detail = /^push-once: sendsvr-\d asked pushsvr-\d again for the hints of message \d+ \(for user \d+\): one request per PushSvr, naming every inbox it serves that took the message, sent once$/;
    for (const failed of plantedVerdicts((seed) => verdictOf('push-route', 'group-storm', seed), ['1', '2'], plant)) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'push-once', detail: expect.stringMatching(detail) } });
    }
  });
});
