// Whether the device link can carry the longest message while the connection stays alive. The
// network delivers a message whole, after its last byte: on a link of a few kbit/s the longest one
// (an 8 KiB text) takes tens of seconds, a heartbeat waits behind it, and both ends declare a
// connection carrying one dead. Every connection that did would die, reconnect and pull again, and
// the run would fail for the link, not for the system: the scenario is refused, with the fix.
import { ms } from '../sim/time.js';
import { CHAT_MESSAGE_MAX_BYTES, ENTRY_MAX_BYTES } from '../system/wireSizes.js';
import { linkProfile, systemKnobs } from './compile.js';
import type { Scenario } from './schema.js';

const LONGEST_BYTES = Math.max(CHAT_MESSAGE_MAX_BYTES, ENTRY_MAX_BYTES);

export function linkFitErrors(scenario: Scenario): string[] {
  const kbps = linkProfile(scenario.network.device).bandwidthKbps;
  if (kbps === undefined) return [];
  const knobs = systemKnobs(scenario);
  const timeoutUs = Math.min(knobs.deviceHeartbeatTimeoutUs, knobs.serverIdleTimeoutUs);
  // kbit/s is bits per millisecond.
  const crossUs = ms((LONGEST_BYTES * 8) / kbps);
  if (knobs.heartbeatIntervalUs + crossUs < timeoutUs) return [];
  const spareUs = timeoutUs - knobs.heartbeatIntervalUs;
  const needKbps = spareUs > 0 ? `at least ${Math.ceil((LONGEST_BYTES * 8) / (spareUs / 1_000) * 10) / 10} kbit/s` : 'a heartbeat interval shorter than the timeouts';
  return [
    `network.device: at ${kbps} kbit/s the longest message (${LONGEST_BYTES} bytes) takes ${(crossUs / 1e6).toFixed(1)} s to cross, and a heartbeat sent up to ${knobs.heartbeatIntervalUs / 1e6} s before it would arrive after the ${timeoutUs / 1e6} s timeout (knobs.deviceHeartbeatTimeoutMs, knobs.serverIdleTimeoutMs): every connection carrying one would be declared dead. Use ${needKbps}, or longer timeouts`,
  ];
}
