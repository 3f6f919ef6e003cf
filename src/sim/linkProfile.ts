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
