// send-policy: a refusal SendSvr told the sender is final; every later copy of the send is answered
// from its record, never judged again. A SendSvr that kept no record of a blacklist refusal ("a
// block can be lifted") judged retries and replayed copies anew, and broke a rule only where one
// came after the unblock and the sender had already dropped the send (1 of 80 runs of replays,
// directory-churn, mutant-hunt and switch-flap, seeds 1-10 plain and swarm).
import { afterEach, describe, expect, it } from 'vitest';
import { EV_SENDSVR_REJECT, REJECT_REASONS } from '../../src/system/events.js';
import { SendSvr } from '../../src/system/sendSvr.js';
import type { ChatMessage, RejectReason } from '../../src/system/wire.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface SendSvrParts {
  reject(connectSvr: number, message: ChatMessage, reason: RejectReason): void;
  respond(connectSvr: number, message: ChatMessage, ownSeq: number, reject: RejectReason | null): void;
  emit(kind: typeof EV_SENDSVR_REJECT, ...fields: number[]): void;
}
const sendSvr = SendSvr.prototype as unknown as SendSvrParts;
const { reject } = sendSvr;

afterEach(() => {
  sendSvr.reject = reject;
});

describe('a refusal told', () => {
  it('is final, and a SendSvr that keeps no record of a blacklist refusal fails send-policy', () => {
    const plant = () => {
      sendSvr.reject = function (this: SendSvrParts, connectSvr: number, message: ChatMessage, reason: RejectReason) {
        if (reason !== 'blacklisted') return reject.call(this, connectSvr, message, reason);
        // The planted bug: the blacklist's answer is taken as "for now", like anti-spam's, and not recorded.
        this.emit(EV_SENDSVR_REJECT, message.msgId, REJECT_REASONS.indexOf(reason));
        this.respond(connectSvr, message, -1, reason);
      };
    };
    const detail = /^SendSvr judged again a send whose refusal \(blacklisted\) it had told the sender: a verdict is final$/;
    for (const failed of plantedVerdicts((seed) => verdictOf('send-policy', 'replays', seed), ['2', '5'], plant)) {
      expect(failed).toMatchObject({ ok: false, first: { detail: expect.stringMatching(detail) } });
    }
  });
});
