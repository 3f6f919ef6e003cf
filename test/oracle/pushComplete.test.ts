// push-route, push-complete: a PushSvr that takes a push request decides a route (hint, platform
// push, or none) for every registered device of its target users but the sender's, at once. One
// that stopped at the first device with no connection and no push service left the user's later
// devices out, and the faults of 12 of 40 swarm runs excused every hint that went missing.
import { afterEach, describe, expect, it } from 'vitest';
import { PushSvr } from '../../src/system/pushSvr.js';
import type { PushReq } from '../../src/system/wire.js';
import { plantedVerdicts, verdictOf } from './plants.js';

const pushSvr = PushSvr.prototype as unknown as { push(req: PushReq): void };
const { push } = pushSvr;

afterEach(() => {
  pushSvr.push = push;
});

describe("a PushSvr's decisions", () => {
  it('cover every registered device of every target, and a PushSvr that handles a group message\'s first target only fails push-route', () => {
    const plant = () => {
      pushSvr.push = function (this: PushSvr, req: PushReq) {
        // The planted bug: a `return` where the loop over targets meant `continue`, after the first.
        push.call(this, { ...req, targets: req.targets.slice(0, 1) });
      };
    };
    const detail = /^push-complete: pushsvr-\d took the push request of message \d+ at [\d,]+ ms and decided no route for device-u\d+-\d, a registered device of a target user( \(nor for \d+ more\))? \(every registered device but the sender's gets a hint, a platform push or a decision of none\)$/;
    for (const failed of plantedVerdicts((seed) => verdictOf('push-route', 'group-storm', seed), ['1', '2'], plant)) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'push-complete', detail: expect.stringMatching(detail) } });
    }
  });
});
