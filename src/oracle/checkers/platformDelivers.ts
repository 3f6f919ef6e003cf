// timeliness, the platform push service: a notification the service takes (not dropped, not asked
// while it is off) goes out to the device within its delivery delay. While one waits for a device, a
// newer one replaces it (coalescing) and goes out in its place, at the waiting one's time. A service
// that never cleared a device's waiting notification once it went out coalesced every later one
// into it: each phone got one platform push in its life, background apps waited for their fetch
// period (p90 117 s against 5.4 s), and every rule passed, as the woken deadline allows a fetch.
// Such a service is caught at once: it coalesced a new notification into one it had already sent.
// And what went out is what waited: a service that coalesced a notification and still sent it on
// its own woke phones twice for one message (80 pushes against 50), and broke no other rule.
// And its delays have the median it promises: as many above it as below, by a sign test over the
// run (medianSignTest.ts). A service that drew its delay with median and p99 swapped sent every
// push after 5 s instead of 400 ms, and broke no rule: each stayed within the longest delay allowed.
// The service is the platform's (APNs), but the run's verdict rests on it keeping its contract.
// The delay is not judged when a fault touched the service.
import { NumberMap } from '../../sim/numberMap.js';
import { latencyMaxUs } from '../../sim/random.js';
import { traceKindByName } from '../../sim/traceKinds.js';
import { EV_PLATFORM_LOST, EV_PLATFORM_REQUEST, EV_PLATFORM_SENT, PLATFORM_COALESCED } from '../../system/events.js';
import { formatBudgetMs } from '../bounds.js';
import type { CheckerContext } from '../checker.js';
import { MedianSignTest } from '../medianSignTest.js';

export const PLATFORM_SENT = 'platform-sent';
export const PLATFORM_DELAY = 'platform-delay';

export function platformDelivers(invariant: string, { sim, ledger, sink, knobs, paths }: CheckerContext): (nowUs: number) => void {
  const { delayMedianUs, delayP99Us, coalesce } = knobs.platformPush;
  const delayMaxUs = latencyMaxUs(delayMedianUs, delayP99Us);
  /** By device: since when a notification the service took has waited to go out, and which. */
  const waiting = new NumberMap<{ readonly sinceUs: number; readonly msgId: number }>();
  const delays = new MedianSignTest(Math.round(delayMedianUs));
  let delaysJudged = false;
  /** The latest request's message: a coalesced notification's successor, named by no event of its own. */
  let requestedMsgId = -1;
  const trace = sim.trace;
  trace.on(EV_PLATFORM_REQUEST, (timeUs, _service, msgId, device) => {
    requestedMsgId = msgId;
    if (!waiting.has(device)) waiting.set(device, { sinceUs: timeUs, msgId });
  });
  trace.on(EV_PLATFORM_LOST, (timeUs, _service, msgId, device, reason) => {
    const w = waiting.get(device);
    if (reason === PLATFORM_COALESCED) {
      if (w !== undefined && w.msgId === msgId) {
        waiting.set(device, { sinceUs: w.sinceUs, msgId: requestedMsgId });
        return;
      }
      const detail = `${PLATFORM_SENT}: the ${ledger.device(device).platform} push service coalesced a notification for the device into message ${msgId}'s, which was not waiting (it had gone out)`;
      sink.violate(invariant, { kind: PLATFORM_SENT, detail, msgId, user: ledger.device(device).user, device });
      return;
    }
    // Dropped, or asked while off: the request itself is gone.
    if (w !== undefined && w.msgId === msgId && w.sinceUs === timeUs) waiting.delete(device);
  });
  trace.on(EV_PLATFORM_SENT, (timeUs, _service, msgId, device) => {
    const w = waiting.get(device);
    waiting.delete(device);
    // One delay drawn from the first request that waited (a coalesced one goes at its time).
    if (w !== undefined && !paths.platformTouched(ledger.device(device), w.sinceUs, timeUs)) delays.add(timeUs - w.sinceUs);
    if (!coalesce || w?.msgId === msgId) return;
    const detail = `${PLATFORM_SENT}: the ${ledger.device(device).platform} push service sent the device a notification for message ${msgId}, which was not waiting to go out (${w === undefined ? 'nothing was' : `message ${w.msgId}'s was`})`;
    sink.violate(invariant, { kind: PLATFORM_SENT, detail, msgId, user: ledger.device(device).user, device });
  });
  // A service that crashed forgot what waited.
  trace.on(traceKindByName('crash')!, (_t, process) => {
    if (Object.values(paths.routes.topology.platformServices).includes(process)) waiting.clear();
  });
  return (nowUs) => {
    const off = delaysJudged ? undefined : delays.verdict();
    if (off !== undefined) {
      delaysJudged = true;
      const detail = `${PLATFORM_DELAY}: the platform push services' delays run ${off === 'high' ? 'above' : 'below'} their ${formatBudgetMs(delayMedianUs)} median: ${delays.describe()} (as many fall above it as below)`;
      sink.violate(invariant, { kind: PLATFORM_DELAY, detail });
    }
    waiting.deleteWhere((id, w) => {
      if (nowUs - w.sinceUs <= delayMaxUs) return false;
      const device = ledger.device(id);
      if (paths.platformTouched(device, w.sinceUs, nowUs)) return true;
      const detail = `${PLATFORM_SENT}: the ${device.platform} push service took a notification for the device (message ${w.msgId}) and sent it nothing for ${formatBudgetMs(nowUs - w.sinceUs)} (its delivery delay is at most ${formatBudgetMs(delayMaxUs)})`;
      sink.violate(invariant, { kind: PLATFORM_SENT, detail, msgId: w.msgId, user: device.user, device: id });
      return true;
    });
  };
}
