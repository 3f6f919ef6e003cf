// push-route, push-once: SendSvr asks each PushSvr for a message's hints once, in one request naming
// every inbox of its that took the message. It asks as the send's done record lands, and that record
// lands once (a retry of a done send is answered from it), so a crash may lose the request but never
// repeat it. A SendSvr that asked again on each retry of a done send hinted 252 (message, device)
// pairs twice or more in one reconnect storm (empty pulls +65%); one that asked once per inbox sent
// PushSvr 10.7 times the requests in a group storm; both passed every rule.
// Seen as SendSvr sends (network.watchSends): the data centre's copies and replays are not requests.
// One bit per PushSvr and message, a byte per message for up to 8 PushSvrs (a map of pairs cost 16
// bytes or more a message).
import { grownTo } from '../../sim/doubled.js';
import type { PushReq } from '../../system/wire.js';
import type { CheckerContext } from '../checker.js';

export const PUSH_ONCE = 'push-once';

export function pushOnce(invariant: string, { sim, sink, knobs, paths }: CheckerContext): void {
  // The topology fills in after the oracle starts: its PushSvrs are looked up as they are asked.
  const { topology } = paths.routes;
  const bytesPerMessage = Math.ceil(knobs.pushSvrs / 8);
  /** By msgId x bytesPerMessage: a bit per PushSvr already asked. */
  let asked = new Uint8Array(1024 * bytesPerMessage);
  sim.network.watchSends('push-req', (sendSvr, pushSvr, message) => {
    const { message: chat, targets } = message as PushReq;
    const index = topology.pushSvrs.indexOf(pushSvr);
    const at = chat.msgId * bytesPerMessage + (index >> 3);
    if (at >= asked.length) asked = grownTo(asked, Math.max(at + 1, 2 * asked.length));
    const bit = 1 << (index & 7);
    if ((asked[at]! & bit) === 0) {
      asked[at] = asked[at]! | bit;
      return;
    }
    const detail = `${PUSH_ONCE}: ${sim.process(sendSvr).name} asked ${sim.process(pushSvr).name} again for the hints of message ${chat.msgId} (for user${targets.length === 1 ? '' : 's'} ${targets.map((t) => t.user).join(', ')}): one request per PushSvr, naming every inbox it serves that took the message, sent once`;
    sink.violate(invariant, { kind: PUSH_ONCE, detail, msgId: chat.msgId });
  });
}
