// Whether a long connection with nothing wrong on it stays alive. Two things must hold:
// - heartbeats come more often than the heartbeat timeouts. A heartbeat interval at or past the
//   device's timeout (or ConnectSvr's idle timeout) declares every quiet connection dead between
//   two heartbeats, on any link: on a link with no bandwidth figure this went unchecked, and the
//   correct system failed timeliness ("a foreground session ended") for the knobs;
// - the device link carries the longest message with room to spare. The network delivers a message
//   whole, after its last byte: on a link of a few kbit/s the longest one (an 8 KiB text) takes
//   tens of seconds, a heartbeat waits behind it, and both ends declare a connection carrying one
//   dead. Every connection that did would die, reconnect and pull again.
// - and a link loses less than everything: at a loss rate of 1 nothing ever arrives, and the run
//   only ended when its step budget ran out.
// Either way the run would fail for the configuration, not for the system: the scenario is
// refused, with the fix.
import { ms } from '../sim/time.js';
import { CHAT_MESSAGE_MAX_BYTES, ENTRY_MAX_BYTES } from '../system/wireSizes.js';
import { linkProfile, systemKnobs } from './compile.js';
import type { Scenario } from './schema.js';

/** The device link's loss rate from which the oracle's connect bound is infinite: 4 p^3 = 1 (p = 0.62996). */
const INFINITE_CONNECT_LOSS = 4 ** (-1 / 3);
const LONGEST_BYTES = Math.max(CHAT_MESSAGE_MAX_BYTES, ENTRY_MAX_BYTES);
const TIMEOUT_KNOBS = '(knobs.deviceHeartbeatTimeoutMs, knobs.serverIdleTimeoutMs)';

export function linkFitErrors(scenario: Scenario): string[] {
  const knobs = systemKnobs(scenario);
  const links: [string, number][] = [
    ['network.device', linkProfile(scenario.network.device).lossRate],
    ['network.dataCenter', knobs.dataCenterLink.lossRate],
  ];
  const lossy = links.filter(([, lossRate]) => lossRate >= 1);
  if (lossy.length > 0) return lossy.map(([field]) => `${field}: a loss rate of 1 loses every message, so nothing would ever arrive; use a rate below 1`);
  // The oracle bounds a connect attempt's failures by 4 p^3 (three lost handshake datagrams, bounds.ts):
  // from p = 4^(-1/3) on that is 1, every deadline is infinite or NaN, and the run can never be judged.
  const deviceLoss = linkProfile(scenario.network.device).lossRate;
  if (deviceLoss >= INFINITE_CONNECT_LOSS) {
    return [`network.device: at a loss rate of ${deviceLoss} a connection attempt fails with odds up to 4 p^3, 1 or more, so the oracle could bound no deadline; use a rate of ${Math.floor(INFINITE_CONNECT_LOSS * 1000) / 1000} or less`];
  }
  const intervalUs = knobs.heartbeatIntervalUs;
  const timeoutUs = Math.min(knobs.deviceHeartbeatTimeoutUs, knobs.serverIdleTimeoutUs);
  if (intervalUs >= timeoutUs) {
    return [
      `knobs.heartbeatIntervalMs: heartbeats ${intervalUs / 1e6} s apart do not come within the ${timeoutUs / 1e6} s timeout ${TIMEOUT_KNOBS}: every connection with nothing else to carry would be declared dead between two heartbeats. Use a heartbeat interval shorter than the timeouts, or longer timeouts`,
    ];
  }
  const kbps = linkProfile(scenario.network.device).bandwidthKbps;
  if (kbps === undefined) return [];
  // kbit/s is bits per millisecond.
  const crossUs = ms((LONGEST_BYTES * 8) / kbps);
  if (intervalUs + crossUs < timeoutUs) return [];
  const needKbps = Math.ceil(((LONGEST_BYTES * 8) / ((timeoutUs - intervalUs) / 1_000)) * 10) / 10;
  return [
    `network.device: at ${kbps} kbit/s the longest message (${LONGEST_BYTES} bytes) takes ${(crossUs / 1e6).toFixed(1)} s to cross, and a heartbeat sent up to ${intervalUs / 1e6} s before it would arrive after the ${timeoutUs / 1e6} s timeout ${TIMEOUT_KNOBS}: every connection carrying one would be declared dead. Use at least ${needKbps} kbit/s, or longer timeouts`,
  ];
}
