// Access-network profiles for devices: what a phone sees on each kind of network. Figures are
// one-way latencies; "loss" on a long connection becomes TCP retransmission delay.
import type { LinkProfile } from '../sim/linkProfile.js';
import { ms } from '../sim/time.js';

export const NETWORK_PROFILES = {
  /** Wi-Fi at its best: no loss, so latency measures the system, not TCP retransmissions. */
  'good-wifi': { latencyMedianUs: ms(5), latencyP99Us: ms(25), lossRate: 0, duplicateRate: 0 },
  wifi: { latencyMedianUs: ms(5), latencyP99Us: ms(25), lossRate: 0.001, duplicateRate: 0 },
  '4g': { latencyMedianUs: ms(15), latencyP99Us: ms(60), lossRate: 0.005, duplicateRate: 0 },
  '3g': { latencyMedianUs: ms(60), latencyP99Us: ms(300), lossRate: 0.02, duplicateRate: 0.001 },
  '2g': { latencyMedianUs: ms(300), latencyP99Us: ms(1_500), lossRate: 0.05, duplicateRate: 0.002 },
  'lossy-wifi': { latencyMedianUs: ms(8), latencyP99Us: ms(150), lossRate: 0.15, duplicateRate: 0.01 },
  /** Between stations: long tails and heavy loss; the outages themselves are scheduled faults. */
  'subway-tunnel': { latencyMedianUs: ms(120), latencyP99Us: ms(3_000), lossRate: 0.2, duplicateRate: 0.005 },
  /** A lift car: a barely-there signal. */
  elevator: { latencyMedianUs: ms(400), latencyP99Us: ms(5_000), lossRate: 0.4, duplicateRate: 0 },
} as const satisfies Record<string, LinkProfile>;

export type NetworkProfileName = keyof typeof NETWORK_PROFILES;

export const NETWORK_PROFILE_NAMES = Object.keys(NETWORK_PROFILES) as NetworkProfileName[];
