// timeliness, a pull's answer: an app takes the answer to any try of its open pull. One that took
// only answers to its retries (the first try's excluded by an off-by-one) waited for a later
// answer, or tried again, on a slow link, and broke no other rule.
import { afterEach, describe, expect, it } from 'vitest';
import type { PullResp } from '../../src/system/wire.js';
import { Device } from '../../src/system/device.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface DeviceParts {
  pullResponse(resp: PullResp): void;
  pullReqId: number;
  pullFirstReqId: number;
}
const device = Device.prototype as unknown as DeviceParts;
const { pullResponse } = device;
afterEach(() => {
  device.pullResponse = pullResponse;
});

describe("a pull's answer", () => {
  it('is taken from any try, and an app that ignores its first try\'s late answer fails timeliness', () => {
    const plant = () => {
      device.pullResponse = function (this: DeviceParts, resp: PullResp) {
        if (resp.reqId === this.pullFirstReqId && resp.reqId !== this.pullReqId) return;
        pullResponse.call(this, resp);
      };
    };
    const verdicts = plantedVerdicts((seed) => verdictOf('timeliness', 'gprs-backlog', seed), ['8', '28'], plant);
    for (const verdict of verdicts) {
      expect(verdict).toMatchObject({ ok: false, first: { kind: 'answer-ignored', detail: expect.stringMatching(/^answer-ignored: the app's cursor had not moved by [\d,]+ ms, after the answer to its try \d+ reached it at [\d,]+ ms \(any try's answer from the same cursor answers the pull\)$/) } });
    }
  });
});
