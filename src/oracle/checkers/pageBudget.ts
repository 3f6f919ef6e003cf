// timeliness, page-budget: a pull asks for the page its device's link carries in half the pull
// timeout it keeps there, on the link the device is on as it asks (linkBudgets.ts works both out
// apart from the system's arithmetic). An app that worked its budget out once per session, from the
// link at login, went on asking for wifi-sized pages after its link fell to GPRS: each page
// outlasted the pull timeout and was asked for again, a fifth more bytes and a catch-up three times
// as long, and every rule held (a weak link is a fault, and the rules on pages excuse a device a
// fault touched).
// Judged by the link as the device sent the pull (its `pull` event), wherever the oracle knows that
// link for sure: not at the instant a weak profile came or went, nor while spells of two profiles
// overlapped on it, nor where a weak profile was put on its ConnectSvr's end.
import { LINK_PROFILE_NAMES, LINK_PROFILES } from '../../faults/profiles.js';
import { EV_PULL } from '../../system/events.js';
import type { PullReq } from '../../system/wire.js';
import type { CheckerContext } from '../checker.js';
import { DeviceLinks } from '../deviceLinks.js';
import { devicePageBudgetBytes } from '../linkBudgets.js';
import { PerProcess } from '../perProcess.js';

export const PAGE_BUDGET = 'page-budget';

export function pageBudget(invariant: string, { sim, sink, knobs, bounds, ledger }: CheckerContext): void {
  const links = new DeviceLinks(sim, knobs);
  /** The budget a pull on a link of `kbps` asks for (0: no limit). */
  const budgetOn = (kbps: number | undefined): number => (kbps === undefined ? 0 : devicePageBudgetBytes(knobs.pullTimeoutUs, kbps));
  const ownBudget = budgetOn(bounds.deviceBandwidthKbps);
  /** Per device: its latest pull's request id and when it went (the pull event is traced as it is sent). */
  const pullReqId = new PerProcess(-1);
  const pulledUs = new PerProcess(-1);
  sim.trace.on(EV_PULL, (timeUs, device, _seqCli, reqId) => {
    pullReqId.set(device, reqId);
    pulledUs.set(device, timeUs);
  });
  // A pull goes on the long connection: judged as it reaches the ConnectSvr (or is lost), by the link when it went.
  sim.network.watch('pull-req', (connectSvr, device, _delivered, message) => {
    if (message === undefined) return; // dropped (a watcher is not given the message): its retry is judged
    const { maxBytes, seqCli, reqId } = message as PullReq;
    if (pullReqId.get(device) !== reqId) return;
    pullReqId.set(device, -1);
    const sentUs = pulledUs.get(device);
    const profile = links.profileAt(device, sentUs);
    if (profile === undefined || links.profileAt(connectSvr, sentUs) !== -1) return;
    const name = profile < 0 ? undefined : LINK_PROFILE_NAMES[profile]!;
    const budget = name === undefined ? ownBudget : budgetOn(LINK_PROFILES[name].bandwidthKbps);
    if (maxBytes === budget) return;
    const link = name === undefined ? "the run's own link" : `the ${name} profile`;
    const bytes = (value: number) => (value === 0 ? 'no limit (0)' : `${value} bytes`);
    const detail = `${PAGE_BUDGET}: ${sim.process(device).name} asked from Seq_cli ${seqCli} for pages of ${bytes(maxBytes)} on ${link}, which carries ${bytes(budget)} in half the pull timeout it keeps there`;
    sink.violate(invariant, { kind: PAGE_BUDGET, detail, user: ledger.device(device).user, device });
  });
}
