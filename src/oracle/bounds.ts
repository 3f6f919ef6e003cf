// The longest each step of message sync can take in a correct system, derived from the run's knobs
// and link profiles. Latency draws are truncated log-normals (LATENCY_MAX_SIGMAS), so every hop and
// disk write has a hard maximum; a step that can fail at random (a lossy link) is allowed as many
// attempts as make a further failure rarer than one in 10^12. A deadline built from these is one
// no correct run can miss: the oracle fails a run on it without statistical doubt.
import { MAX_RETRANSMITS, RETRANSMIT_TIMEOUT_US, type LinkProfile } from '../sim/linkProfile.js';
import { SSD_DISK } from '../sim/process.js';
import { latencyMaxUs } from '../sim/random.js';
import type { SystemKnobs } from '../system/config.js';
import { CHAT_MESSAGE_MAX_BYTES, ENTRY_MAX_BYTES, PAGE_MAX_BYTES } from '../system/wireSizes.js';
import { devicePageBudgetBytes, devicePullTimeoutUs } from './linkBudgets.js';

/** Timers are set in whole microseconds (roundWhole): a timer may fire short of its delay by this. */
export const TIMER_ROUNDING_US = 1;

/** A step that fails at random is retried until failing again is rarer than this. */
const RESIDUAL_FAILURE = 1e-12;

/**
 * Writes one device may have queued ahead of a pull's own (an outbox write, an ack being settled):
 * a device's disk is a FIFO, so each write can wait behind these.
 */
const DEVICE_DISK_QUEUE = 4;

/** Writes a server's disk may have queued ahead of an append's own (other inboxes' appends). */
const SERVER_DISK_QUEUE = 16;

/**
 * Writes a server may have issued just before one write and not finished: the simulated disk lands
 * each write its latency after it was issued, but never before the one ahead of it, one microsecond
 * apart (simulation.ts, persist), so each costs a later write at most a microsecond.
 */
const SERVER_WRITES_IN_FLIGHT = 1000;

export interface Bounds {
  /** One message over a device's long connection, TCP retransmissions included. */
  readonly deviceHopMaxUs: number;
  /** One datagram inside the data centre. */
  readonly dcHopMaxUs: number;
  /** One disk write, queueing behind a device's other writes included. */
  readonly deviceWriteMaxUs: number;
  /** One pull: request, read, response, the page stored and the cursor written. */
  readonly cycleMaxUs: number;
  /** From deciding to connect to a usable session, failed attempts and backoff included. */
  readonly connectMaxUs: number;
  /**
   * The longest a correct system goes without progress (a missing entry stored, a send settled)
   * once faults have healed: the longest timer a device may wait on, then a connect and a pull.
   */
  readonly stallWindowUs: number;
  /** From SendSvr's ack to a connected device's hint: PushSvr, ConnectSvr, the long connection. */
  readonly hintPathUs: number;
  /**
   * The hint path with the long connection's TCP retransmitting until it gives up, but not the
   * reconnect after: a hint later than this had every transmission of it, or of a message ahead of
   * it on its connection, lost (see promptHints.ts).
   */
  readonly hintPromptUs: number;
  /** A device's long connection over the devices' own link may end with no fault (see connectionMayDie). */
  readonly connectionsMayDie: boolean;
  /** The odds that one message on a device's long connection has every transmission lost (1: unknown). */
  readonly stuckOdds: number;
  /** From ConnectSvr accepting a hello to PushSvr knowing the device is online. */
  readonly presenceLagUs: number;
  /** From a device closing its connection cleanly to PushSvr knowing it is gone. */
  readonly absenceLagUs: number;
  /** From a device's connection dying with no word to its ConnectSvr to PushSvr knowing: the idle sweep. */
  readonly silentAbsenceLagUs: number;
  /** From a send entering the outbox of a connected device to its ack or rejection. */
  readonly sentUs: number;
  /** From a send's commit in the sender's own inbox to SendSvr's ack: the append's answer, then the send's record written. */
  /** One server disk write, queued behind the most writes a server's disk may hold ahead of it. */
  readonly serverWriteMaxUs: number;
  readonly ackAfterCommitUs: number;
  /** One replication batch: to a replica, its write, and its ack back (0: a shard of one replica, which commits at its own write). */
  readonly replicationRoundUs: number;
  /** From a commit to a background app's next background fetch having connected. */
  readonly backgroundWakeUs: number;
  /** How long after a fault ends its effects may linger: lost requests time out and are retried. */
  readonly faultTailUs: number;
  /**
   * How long PushSvr's picture of sessions takes to be right again after a restart (not the next
   * periodic refresh): a restarted PushSvr's sync request out to each ConnectSvr and their answers
   * back, or a restarted ConnectSvr's reset on its way to each PushSvr.
   */
  readonly presenceResyncUs: number;
  /**
   * How long after a fault that drops messages on long connections (a half-open break, a device
   * offline, a partition) both ends have noticed a connection it killed: a close notice lost to it
   * leaves only the heartbeat timeouts.
   */
  readonly halfOpenTailUs: number;
  /** The pull timeout knob (a device on a link too slow for it keeps a longer one: linkBudgets.ts). */
  readonly pullTimeoutUs: number;
  /** The pull timeout a device keeps on the run's own link. */
  readonly devicePullTimeoutUs: number;
  readonly pageSize: number;
  /** The most bytes a page to a device on the run's own link may carry (its byte budget, PAGE_MAX_BYTES at most). */
  readonly pageBytesMax: number;
  /** The run's own device link's bandwidth (undefined: no limit). */
  readonly deviceBandwidthKbps: number | undefined;
  /** Logins one ConnectSvr lets wait (the rest are refused busy). */
  readonly loginQueueCap: number;
}

/** Pulls needed to catch up on `backlog` entries, one page each (at least one). */
export function pagesFor(backlog: number, pageSize: number): number {
  return Math.max(1, Math.ceil(backlog / pageSize));
}

/**
 * From a trigger (a hint, a session start) to holding everything committed before it: one pull
 * already under way may finish first, then one round trip per page.
 */
export function catchUpUs(bounds: Bounds, backlog: number): number {
  return (pagesFor(backlog, bounds.pageSize) + 1) * bounds.cycleMaxUs;
}

/** Attempts needed before a step that fails with `probability` has failed every time with odds below RESIDUAL_FAILURE. */
export function attemptsFor(probability: number): number {
  if (probability <= 0) return 1;
  if (probability >= 1) return Infinity;
  return Math.max(1, Math.ceil(Math.log(RESIDUAL_FAILURE) / Math.log(probability)));
}

/**
 * A message on a long connection: the latency draw, then the retransmissions TCP makes (doubling
 * timeouts) until one more loss in a row is rarer than RESIDUAL_FAILURE, or TCP gives up.
 */
export function connectionHopMaxUs(link: LinkProfile): number {
  return latencyMaxUs(link.latencyMedianUs, link.latencyP99Us) + RETRANSMIT_TIMEOUT_US * (2 ** retransmitsFor(link) - 1);
}

/** Retransmissions a message on a long connection over `link` is allowed before it counts as lost. */
function retransmitsFor(link: LinkProfile): number {
  return Math.min(MAX_RETRANSMITS, attemptsFor(link.lossRate) - 1);
}

/** The longest a login waits at a ConnectSvr whose logins each cost `loginServiceUs`: a full queue ahead, and its own. */
export function loginQueueWaitUs(loginQueueCap: number, loginServiceUs: number): number {
  return (loginQueueCap + 1) * loginServiceUs;
}

/** Sends a device may have on its link at once (a burst, and its outbox's retries). */
const SENDS_ON_LINK = 16;

/**
 * On a link with a bandwidth, the longest a message waits behind the bytes sent before it and then
 * takes itself. Towards the device: a page (the device's byte budget or PAGE_MAX_BYTES, or one entry
 * of the longest text, whichever is more) behind a late answer's page. Towards the server: a burst
 * of sends of the longest text.
 */
export function linkQueueMaxUs(knobs: SystemKnobs, link: LinkProfile): number {
  const kbps = link.bandwidthKbps;
  if (kbps === undefined) return 0;
  const budgetBytes = Math.min(PAGE_MAX_BYTES, devicePageBudgetBytes(knobs.pullTimeoutUs, kbps));
  const pageMaxBytes = Math.min(knobs.pageSize * ENTRY_MAX_BYTES, Math.max(budgetBytes, ENTRY_MAX_BYTES));
  const burstBytes = Math.max(2 * pageMaxBytes, SENDS_ON_LINK * CHAT_MESSAGE_MAX_BYTES);
  // kbit/s is bits per millisecond.
  return Math.ceil((burstBytes * 8_000) / kbps);
}

/**
 * Whether a device's long connection over this link may end with no fault: TCP may exhaust its
 * retransmissions (the connection then dies without a word), or the link's slowest message outlasts
 * what the heartbeats leave to spare, so a live connection misses a heartbeat timeout. ConnectSvr's
 * idle timeout sees a heartbeat up to one hop late; the device's waits for an answer, a round trip.
 * (A custom link with a 100 ms median and an 8 s p99, and no loss, had ConnectSvr drop 15 of 20
 * baseline runs' sessions for silence behind a slow message, which the session check took for a bug.)
 */
export function connectionMayDie(link: LinkProfile, knobs: SystemKnobs): boolean {
  if (attemptsFor(link.lossRate) > MAX_RETRANSMITS + 1) return true;
  const hopUs = connectionHopMaxUs(link) + linkQueueMaxUs(knobs, link);
  return knobs.heartbeatIntervalUs + hopUs >= knobs.serverIdleTimeoutUs || knobs.heartbeatIntervalUs + 2 * hopUs >= knobs.deviceHeartbeatTimeoutUs;
}

export function deriveBounds(knobs: SystemKnobs, deviceLink: LinkProfile): Bounds {
  const dc = knobs.dataCenterLink;
  // On a link where a connection may die with no fault, a message can die with its connection: it
  // arrives after the heartbeat timeout finds the connection dead and the device reconnects and pulls.
  const connectFails = Math.min(1, 4 * deviceLink.lossRate ** 3);
  const failedAttemptsUs = (attemptsFor(connectFails) - 1) * (knobs.connectTimeoutUs + knobs.reconnectCapUs);
  const connectBaseUs = failedAttemptsUs + knobs.connectTimeoutUs;
  const deathUs = connectionMayDie(deviceLink, knobs) ? knobs.deviceHeartbeatTimeoutUs + knobs.heartbeatIntervalUs + knobs.reconnectCapUs + connectBaseUs : 0;
  const deviceHopMaxUs = connectionHopMaxUs(deviceLink) + deathUs + linkQueueMaxUs(knobs, deviceLink);
  const dcHopMaxUs = latencyMaxUs(dc.latencyMedianUs, dc.latencyP99Us);
  const deviceWriteMaxUs = (DEVICE_DISK_QUEUE + 1) * latencyMaxUs(SSD_DISK.writeMedianUs, SSD_DISK.writeP99Us);
  // A pull crosses four datagrams (ConnectSvr -> ReceiveSvr -> MsgStore and back); on a lossy data
  // centre link an attempt can be lost and the device retries after its pull timeout.
  const pullLost = 1 - (1 - dc.lossRate) ** 4;
  const pullTimeoutUs = devicePullTimeoutUs(knobs.pullTimeoutUs, deviceLink.bandwidthKbps);
  const pullRetriesUs = (attemptsFor(pullLost) - 1) * (pullTimeoutUs + 2 * deviceHopMaxUs);
  const cycleMaxUs = 2 * deviceHopMaxUs + 4 * dcHopMaxUs + 2 * deviceWriteMaxUs + pullRetriesUs;
  // An attempt fails when the handshake's retransmissions (1 s, 2 s, 4 s, ...) outlast the connect
  // timeout: from about three lost SYNs or SYN-ACKs on.
  // A login may wait behind a full login queue's (each costs loginServiceUs; none by default).
  const connectMaxUs = connectBaseUs + 2 * deviceHopMaxUs + loginQueueWaitUs(knobs.loginQueueCap, knobs.loginServiceUs);
  // A connection left half-open by a fault stays so after the heal: its device learns only when a
  // heartbeat tick finds it silent past the timeout (with Mars timings, up to 9.5 minutes).
  const deadLinkFoundUs = knobs.deviceHeartbeatTimeoutUs + knobs.heartbeatIntervalUs;
  const longestWaitUs = Math.max(knobs.backgroundFetchUs, knobs.periodicPullUs, knobs.sendRetryCapUs + knobs.spamWindowUs, knobs.reconnectCapUs, deadLinkFoundUs);
  const serverDiskLatencyMaxUs = latencyMaxUs(SSD_DISK.writeMedianUs, SSD_DISK.writeP99Us);
  const serverWriteMaxUs = (SERVER_DISK_QUEUE + 1) * serverDiskLatencyMaxUs;
  // One write as the simulated disk lands it: its latency, then a microsecond per write ahead of it.
  const serverWriteUs = serverDiskLatencyMaxUs + SERVER_WRITES_IN_FLIGHT;
  // An append: a seq from the allocator (which may first persist its max_seq in its group's store:
  // a round trip and a write there), then the write to the primary's log, then its replication:
  // the batch already in flight to a replica, then the one carrying this entry, each a round trip
  // and a write on the replica.
  const allocateMaxUs = 2 * dcHopMaxUs + 2 * dcHopMaxUs + serverWriteMaxUs;
  const replicateMaxUs = knobs.msgStoreReplicas > 1 ? 2 * (2 * dcHopMaxUs + serverWriteMaxUs) : 0;
  const appendMaxUs = allocateMaxUs + serverWriteMaxUs + replicateMaxUs;
  // One attempt: to SendSvr, the recipients' appends, then the sender's own, the dedup record, back.
  const sendAttemptUs = 2 * deviceHopMaxUs + 2 * dcHopMaxUs + 2 * appendMaxUs + serverWriteMaxUs + deviceWriteMaxUs;
  // Lost requests time out and are retried; presence lost on the way is repaired by the next sweep.
  const faultTailUs = pullTimeoutUs + knobs.rpcTimeoutUs * knobs.rpcAttempts + cycleMaxUs + knobs.heartbeatIntervalUs + dcHopMaxUs;
  return {
    deviceHopMaxUs,
    dcHopMaxUs,
    deviceWriteMaxUs,
    cycleMaxUs,
    connectMaxUs,
    stallWindowUs: longestWaitUs + connectMaxUs + 2 * cycleMaxUs,
    hintPathUs: 2 * dcHopMaxUs + deviceHopMaxUs,
    hintPromptUs: 2 * dcHopMaxUs + connectionHopMaxUs(deviceLink) + linkQueueMaxUs(knobs, deviceLink),
    // A lost datagram on the way to ConnectSvr loses a hint (maybe several at once): no odds then.
    connectionsMayDie: connectionMayDie(deviceLink, knobs),
    stuckOdds: dc.lossRate > 0 ? 1 : deviceLink.lossRate ** (retransmitsFor(deviceLink) + 1),
    presenceLagUs: dcHopMaxUs,
    absenceLagUs: deviceHopMaxUs + dcHopMaxUs,
    // Counted from the last message the ConnectSvr heard, which may arrive a device hop after the device went silent.
    silentAbsenceLagUs: deviceHopMaxUs + knobs.serverIdleTimeoutUs + knobs.heartbeatIntervalUs + dcHopMaxUs,
    // The first attempt, or else the first retry once the device's timer fires (an attempt whose
    // appends queue too long is given up by SendSvr; the retry finds them done).
    sentUs: knobs.sendTimeoutUs + knobs.sendRetryCapUs + 2 * sendAttemptUs,
    serverWriteMaxUs,
    ackAfterCommitUs: dcHopMaxUs + serverWriteUs,
    replicationRoundUs: knobs.msgStoreReplicas > 1 ? 2 * dcHopMaxUs + serverWriteUs : 0,
    backgroundWakeUs: knobs.backgroundFetchUs + connectMaxUs,
    faultTailUs,
    presenceResyncUs: 2 * dcHopMaxUs,
    halfOpenTailUs: Math.max(knobs.serverIdleTimeoutUs, knobs.deviceHeartbeatTimeoutUs) + knobs.heartbeatIntervalUs + faultTailUs,
    pullTimeoutUs: knobs.pullTimeoutUs,
    devicePullTimeoutUs: pullTimeoutUs,
    pageSize: knobs.pageSize,
    pageBytesMax: deviceLink.bandwidthKbps === undefined ? PAGE_MAX_BYTES : Math.min(PAGE_MAX_BYTES, devicePageBudgetBytes(knobs.pullTimeoutUs, deviceLink.bandwidthKbps) || PAGE_MAX_BYTES),
    deviceBandwidthKbps: deviceLink.bandwidthKbps,
    loginQueueCap: knobs.loginQueueCap,
  };
}

/** A budget for a violation's text: whole milliseconds. */
export function formatBudgetMs(us: number): string {
  return `${Math.round(us / 1000).toLocaleString('en-US')} ms`;
}
