// How one direction of a network path behaves. Reordering needs no knob: datagrams draw their
// latencies independently, so a wide latency spread reorders them; long connections stay FIFO.
import { ms } from './time.js';

export interface LinkProfile {
  readonly latencyMedianUs: number;
  readonly latencyP99Us: number;
  /** Probability a datagram is lost; on a long connection it costs a retransmission instead. */
  readonly lossRate: number;
  /** Probability a datagram is delivered twice. Long connections never duplicate. */
  readonly duplicateRate: number;
  /**
   * Set: the second copy is a replay, this late (median and p99 of its own delay), as when a
   * retransmitting middlebox or a paused host's queue sends a datagram again seconds after it was
   * read. Omitted: the copy takes the link's own latency.
   */
  readonly replay?: { readonly medianUs: number; readonly p99Us: number };
  /**
   * A long connection's bandwidth, each way (kilobits per second): a message waits for the ones
   * sent before it to leave, then takes its size over this. Omitted: no limit (the data centre).
   */
  readonly bandwidthKbps?: number;
}

/** Between servers in one data centre. */
export const DATACENTER_LINK: LinkProfile = {
  latencyMedianUs: 250,
  latencyP99Us: ms(2),
  lossRate: 0,
  duplicateRate: 0,
};

/** TCP retransmission timeout for the first retry of data on a long connection; doubles per retry. */
export const RETRANSMIT_TIMEOUT_US = ms(200);
/** TCP's first SYN (and SYN-ACK) retransmission timeout; doubles per retry. */
export const SYN_RETRANSMIT_TIMEOUT_US = ms(1_000);
/** Retries before TCP gives up (the connection breaks, or the handshake never arrives). */
export const MAX_RETRANSMITS = 6;

/**
 * How long a sender's TCP retransmits unanswered data before it gives up. A phone's stack gives up
 * after MAX_RETRANSMITS doubling timeouts (25.4 s); a server's is Linux's default (tcp_retries2 = 15:
 * doubling from 200 ms, capped at 120 s, about 15 minutes), which is why servers need heartbeats.
 */
export const DEVICE_TCP_GIVE_UP_US = RETRANSMIT_TIMEOUT_US * (2 ** (MAX_RETRANSMITS + 1) - 1);
export const SERVER_TCP_GIVE_UP_US = 924_600_000;
