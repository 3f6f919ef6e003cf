// timeliness's periodic pull promise: an app pulls on its period, no more often and no less.
//   - No more: in the foreground its periodic pull comes once per periodicPull; in the background
//     (woken), its background fetch once per backgroundFetch. Each timer is armed again when it
//     fires, and leaving the app state cancels the background one, so nothing brings a periodic pull
//     sooner within one app state. Each pull costs the phone radio time and MsgStore a read: an app
//     that lost the handle of its re-armed background fetch timer, so that coming to the foreground
//     cancelled a stale one, pulled half again as often for the rest of the run and broke no other
//     rule. Judged per app epoch (ledger.ts: it changes when the app starts, dies or changes state),
//     so the first periodic pull after any change starts afresh.
//   - No less: a foreground app with a session pulls at least once per periodicPull, a pull timeout
//     and a disk write (its periodic timer runs from the app's start; one that fires while a pull is
//     under way asks again once that pull is done). The periodic pull is what finds a message whose
//     hint was lost: an app that did not arm its periodic timer again when it fired in the background
//     never pulled on its own after one background spell, and broke no other rule, as hints came.
//     Judged between two pulls (or the last pull and the run's end) of one session in one app state,
//     unless a fault touched the device or its ConnectSvr.
//   - A retry comes a pull timeout after the try it repeats, never sooner: a device that armed the
//     timeout in the wrong unit retried every 3 ms, a thousand times a pull, and broke no other rule
//     on a fast link. On a slow link the timeout is longer (linkBudgets.ts, the oracle's own reading):
//     one that took kbit/s for bits per microsecond kept the knob's 3 s on GPRS and retried twice as
//     often. While a weak profile is on the device, its link is not the scenario's, and the knob is
//     the bound. Nor later (`pull-retry-late`): the timer that repeats a try is armed with its link's
//     timeout as it goes, so the retry comes then, to the microsecond; an app that backed its pull
//     retries off (3, 6, 12 s) left a pull whose answer was lost waiting 21 s instead of 10 in a
//     failover, and broke no rule. Judged where the oracle knows the link at the try for sure (one
//     profile on the device or none, none on its ConnectSvr), and not where a pause held the timer.
import { EV_DEVICE_START, EV_PULL, PULL_REASONS, SESSION_DOWN } from '../../system/events.js';
import { formatBudgetMs, TIMER_ROUNDING_US } from '../bounds.js';
import { LINK_PROFILE_NAMES, LINK_PROFILES } from '../../faults/profiles.js';
import { devicePullTimeoutUs } from '../linkBudgets.js';
import { DeviceLinks } from '../deviceLinks.js';
import type { CheckerContext } from '../checker.js';
import { PerProcess } from '../perProcess.js';

export const PULLS = 'pulls';
export const PULL_GAP = 'pull-gap';
export const PULL_RETRY = 'pull-retry';
export const PULL_RETRY_LATE = 'pull-retry-late';

const PERIODIC = PULL_REASONS.indexOf('periodic');
const RETRY = PULL_REASONS.indexOf('retry');

export function pullCadence(invariant: string, { sim, ledger, sink, knobs, bounds, paths, heldBack }: CheckerContext): () => void {
  /** Per device: its latest periodic pull, and the app epoch it came in. */
  const lastUs = new PerProcess(-Infinity);
  const lastEpoch = new PerProcess(-1);
  /** Per device: its latest pull of any kind (or its start), with the session and app epochs then. */
  const pulledUs = new PerProcess(-1);
  const pulledSession = new PerProcess(-1);
  const pulledApp = new PerProcess(-1);
  /** A weak profile's spells: a try made on one waits the timeout of that link, unknown here (the knob at least). */
  const links = new DeviceLinks(sim, knobs);
  const maxGapUs = knobs.periodicPullUs + bounds.devicePullTimeoutUs + bounds.deviceWriteMaxUs + bounds.deviceHopMaxUs;
  /** Reports a foreground session that went longer than maxGapUs without a pull, up to `nowUs`. */
  const judgeGap = (id: number, nowUs: number): void => {
    const sinceUs = pulledUs.get(id);
    if (sinceUs < 0 || nowUs - sinceUs <= maxGapUs) return;
    const device = ledger.device(id);
    const sameState = device.sessionEpoch === pulledSession.get(id) && device.appEpoch === pulledApp.get(id);
    if (!sameState || !device.up || device.retired || device.background || device.sessionKind === SESSION_DOWN) return;
    if (paths.sessionTouched(device, device.connectSvr, sinceUs, nowUs)) return;
    const detail = `${PULL_GAP}: the app pulled nothing for ${formatBudgetMs(nowUs - sinceUs)} in the foreground, connected, with no fault on the device or its ConnectSvr (a periodic pull every ${formatBudgetMs(knobs.periodicPullUs)}: at most ${formatBudgetMs(maxGapUs)} apart with a pull timeout and a disk write)`;
    sink.violate(invariant, { kind: PULL_GAP, detail, user: device.user, device: id });
  };
  /** The pull timeout the device keeps for a try it made at `triedUs`, where the oracle knows its link for sure. */
  const timeoutAt = (id: number, triedUs: number): number | undefined => {
    const profile = links.profileAt(id, triedUs);
    if (profile === undefined || links.profileAt(ledger.device(id).connectSvr, triedUs) !== -1) return undefined;
    return devicePullTimeoutUs(knobs.pullTimeoutUs, profile < 0 ? bounds.deviceBandwidthKbps : LINK_PROFILES[LINK_PROFILE_NAMES[profile]!].bandwidthKbps);
  };
  const judgeLateRetry = (id: number, timeUs: number): void => {
    const triedUs = pulledUs.get(id);
    const timeoutUs = timeoutAt(id, triedUs);
    if (timeoutUs === undefined || timeUs - triedUs <= timeoutUs + TIMER_ROUNDING_US || heldBack.touched(id, triedUs, timeUs)) return;
    const detail = `${PULL_RETRY_LATE}: the app tried its pull again ${formatBudgetMs(timeUs - triedUs)} after the try before (its pull timeout on its link, ${formatBudgetMs(timeoutUs)}, repeats a try)`;
    sink.violate(invariant, { kind: PULL_RETRY_LATE, detail, user: ledger.device(id).user, device: id });
  };
  sim.trace.on(EV_DEVICE_START, (_t, id) => pulledUs.set(id, -1));
  sim.trace.on(EV_PULL, (timeUs, id, _seqCli, _reqId, reason) => {
    const device = ledger.device(id);
    const timeoutUs = links.weakAt(id, pulledUs.get(id)) ? knobs.pullTimeoutUs : bounds.devicePullTimeoutUs;
    if (reason === RETRY && timeUs - pulledUs.get(id) < timeoutUs) {
      const detail = `${PULL_RETRY}: the app tried its pull again ${formatBudgetMs(timeUs - pulledUs.get(id))} after the try before (it waits its pull timeout, ${formatBudgetMs(timeoutUs)} on its link)`;
      sink.violate(invariant, { kind: PULL_RETRY, detail, user: device.user, device: id });
    }
    if (reason === RETRY) judgeLateRetry(id, timeUs);
    judgeGap(id, timeUs);
    pulledUs.set(id, timeUs);
    pulledSession.set(id, device.sessionEpoch);
    pulledApp.set(id, device.appEpoch);
    if (reason !== PERIODIC) return;
    const sinceUs = lastUs.get(id);
    const sameState = lastEpoch.get(id) === device.appEpoch;
    lastUs.set(id, timeUs);
    lastEpoch.set(id, device.appEpoch);
    const periodUs = device.background ? knobs.backgroundFetchUs : knobs.periodicPullUs;
    if (!sameState || timeUs - sinceUs >= periodUs) return;
    const where = device.background ? 'in the background (one background fetch every' : 'in the foreground (one periodic pull every';
    const detail = `${PULLS}: two periodic pulls ${formatBudgetMs(timeUs - sinceUs)} apart ${where} ${formatBudgetMs(periodUs)})`;
    sink.violate(invariant, { kind: PULLS, detail, user: device.user, device: id });
  });
  return () => {
    for (const device of ledger.activeDevices()) judgeGap(device.id, sim.nowUs);
  };
}
