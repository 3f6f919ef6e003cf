// Access-network profiles for devices: what a phone sees on each kind of network. Figures are
// one-way latencies; "loss" on a long connection becomes TCP retransmission delay.
import { DATACENTER_LINK, type LinkProfile } from '../sim/linkProfile.js';
import { ms } from '../sim/time.js';

export const NETWORK_PROFILES = {
  /** Wi-Fi at its best: no loss, so latency measures the system, not TCP retransmissions. */
  'good-wifi': { latencyMedianUs: ms(5), latencyP99Us: ms(25), lossRate: 0, duplicateRate: 0, bandwidthKbps: 50_000 },
  wifi: { latencyMedianUs: ms(5), latencyP99Us: ms(25), lossRate: 0.001, duplicateRate: 0, bandwidthKbps: 20_000 },
  '4g': { latencyMedianUs: ms(15), latencyP99Us: ms(60), lossRate: 0.005, duplicateRate: 0, bandwidthKbps: 10_000 },
  '3g': { latencyMedianUs: ms(60), latencyP99Us: ms(300), lossRate: 0.02, duplicateRate: 0.001, bandwidthKbps: 1_000 },
  /** GPRS: a page of fifty messages takes seconds to arrive. */
  '2g': { latencyMedianUs: ms(300), latencyP99Us: ms(1_500), lossRate: 0.05, duplicateRate: 0.002, bandwidthKbps: 30 },
  'lossy-wifi': { latencyMedianUs: ms(8), latencyP99Us: ms(150), lossRate: 0.15, duplicateRate: 0.01, bandwidthKbps: 5_000 },
  /** Between stations: long tails and heavy loss; the outages themselves are scheduled faults. */
  'subway-tunnel': { latencyMedianUs: ms(120), latencyP99Us: ms(3_000), lossRate: 0.2, duplicateRate: 0.005, bandwidthKbps: 500 },
  /** A lift car: a barely-there signal. */
  elevator: { latencyMedianUs: ms(400), latencyP99Us: ms(5_000), lossRate: 0.4, duplicateRate: 0, bandwidthKbps: 100 },
} as const satisfies Record<string, LinkProfile>;

export type NetworkProfileName = keyof typeof NETWORK_PROFILES;

export const NETWORK_PROFILE_NAMES = Object.keys(NETWORK_PROFILES) as NetworkProfileName[];

/**
 * Data-centre link profiles: what a `dc-link` fault puts on the links between servers (a noisy
 * neighbour, a failing switch, a congested uplink). The default between servers is 250 us median,
 * 2 ms p99, no loss.
 */
export const DC_PROFILES = {
  /** Queueing on a busy top-of-rack switch: datagrams overtake each other. */
  'dc-jitter': { latencyMedianUs: ms(1), latencyP99Us: ms(20), lossRate: 0, duplicateRate: 0 },
  /** A marginal link: some loss, and retransmitted duplicates. */
  'dc-lossy': { latencyMedianUs: 500, latencyP99Us: ms(5), lossRate: 0.02, duplicateRate: 0.01 },
  /** A flapping switch port: close to a third of datagrams lost while it flaps. */
  'dc-flap': { latencyMedianUs: 500, latencyP99Us: ms(5), lossRate: 0.3, duplicateRate: 0.01 },
  /** Bufferbloat in an overloaded switch: nothing lost, but datagrams wait up to seconds, outliving RPC timeouts. */
  'dc-bloat': { latencyMedianUs: ms(40), latencyP99Us: ms(500), lossRate: 0, duplicateRate: 0 },
  /**
   * A flapping path behind a retransmitting middlebox: a fifth of datagrams arrive twice, the copies
   * up to hundreds of ms apart. Any handler that is not idempotent shows (a lease grant taken twice
   * once restarted an allocator's cur_seq under seqs it had issued).
   */
  'dc-reordering': { latencyMedianUs: ms(1), latencyP99Us: ms(300), lossRate: 0, duplicateRate: 0.2 },
  /** A congested cross-rack uplink: slow, a long tail, some loss. */
  'dc-congested': { latencyMedianUs: ms(5), latencyP99Us: ms(80), lossRate: 0.005, duplicateRate: 0.001 },
  /**
   * A middlebox that replays: a quarter of datagrams arrive a second time, seconds later (a load
   * balancer retransmitting after a failover, a paused VM's ring buffer flushed). The link is
   * otherwise the run's own (the fault keeps its latency and loss), so the copies are all it adds,
   * and they excuse nothing: every handler must know a stale or repeated message for one (a grant,
   * a deposed primary's batch, a max_seq raise overtaken since, presence of a login gone, an answer
   * to an earlier life's request).
   */
  'dc-replay': { ...DATACENTER_LINK, duplicateRate: 0.25, replay: { medianUs: ms(3_000), p99Us: ms(10_000) } },
} as const satisfies Record<string, LinkProfile>;

export type DcProfileName = keyof typeof DC_PROFILES;

export const DC_PROFILE_NAMES = Object.keys(DC_PROFILES) as DcProfileName[];

/** Every named profile, devices' and data centre's: a fault's trace event names its profile by index here. */
export const LINK_PROFILES: Readonly<Record<NetworkProfileName | DcProfileName, LinkProfile>> = { ...NETWORK_PROFILES, ...DC_PROFILES };
export const LINK_PROFILE_NAMES = Object.keys(LINK_PROFILES) as (NetworkProfileName | DcProfileName)[];
