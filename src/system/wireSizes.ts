// How many bytes each wire message puts on its link, kept in one table (and in the README): a
// 16-byte header on every message (type, length, flags, request id), then the fields the message
// carries (ints of 4 bytes, message ids, connection ids and stamps of 8, flags of 1), and for a
// message that carries a list, a size per item. A chat message is its ids and flags plus its text,
// whose size the workload draws per message. The table counts a text at the model's average,
// TEXT_BYTES, as the oracle's cost figures do; the network, which times a message over a device
// link's bandwidth, asks wireBytes for its real size. A hint carries no entry (only the planted bug
// 'push-carries-payload' puts one in, and the model does not count it).
import type { LogEntries } from './logEntries.js';
import type { ChatMessage, Wire } from './wire.js';

/** device: a device's long connection to ConnectSvr; dataCentre: datagrams between servers; platformPush: PushSvr to a platform push service, and that service to the device. */
export const LINK_CLASSES = ['device', 'dataCentre', 'platformPush'] as const;
export type LinkClass = (typeof LINK_CLASSES)[number];

/** What a message carries a list of: pulled inbox entries, push targets, or presence records. */
export type WireItem = 'entries' | 'targets' | 'devices';

export interface WireSize {
  readonly link: LinkClass;
  /** Header and fixed fields. */
  readonly bytes: number;
  /** The list it carries, if any, and each item's size. */
  readonly item?: WireItem;
  readonly itemBytes?: number;
}

export const HEADER_BYTES = 16;
/** The average text of a chat message. */
export const TEXT_BYTES = 100;
/** msgId 8, clientMsgId 8 (drawn at random), fromUser, fromDevice, toUser, group 4 each, spam 1, and the text. */
export const CHAT_MESSAGE_BYTES = 33 + TEXT_BYTES;
/** An inbox entry: its seq and the chat message. */
export const ENTRY_BYTES = 4 + CHAT_MESSAGE_BYTES;
/** A replicated log entry: its epoch, user, and the inbox entry. */
export const LOG_ENTRY_BYTES = 8 + ENTRY_BYTES;
/** A push target: user and seq. */
const TARGET_BYTES = 8;
/** A device's presence: device, user, connectSvr 4 each, platform 1, connId 8. */
const PRESENCE_BYTES = 21;

const H = HEADER_BYTES;

/** Every wire message type: its link, and its size (the comment lists the fields after the header). */
export const WIRE_SIZES: Readonly<Record<Wire['type'], WireSize>> = {
  hello: { link: 'device', bytes: H + 9 }, // user, device, platform
  'hello-ok': { link: 'device', bytes: H },
  'hello-busy': { link: 'device', bytes: H },
  heartbeat: { link: 'device', bytes: H },
  'heartbeat-ack': { link: 'device', bytes: H },
  'send-req': { link: 'device', bytes: H + CHAT_MESSAGE_BYTES },
  'send-resp': { link: 'device', bytes: H + 21 }, // clientMsgId 8, msgId 8, ownSeq, reject 1
  'pull-req': { link: 'device', bytes: H + 16 }, // reqId, user, seqCli, maxBytes
  'pull-resp': { link: 'device', bytes: H + 21, item: 'entries', itemBytes: ENTRY_BYTES }, // reqId, seqCli, bound, more 1, seqSvr, entry count
  notify: { link: 'device', bytes: H + 8 }, // msgId
  'send-rpc': { link: 'dataCentre', bytes: H + 4 + CHAT_MESSAGE_BYTES }, // device, message
  'send-rpc-resp': { link: 'dataCentre', bytes: H + 4 + 21 }, // device, send-resp's fields
  'pull-rpc': { link: 'dataCentre', bytes: H + 4 + 16 }, // device, pull-req's fields
  'pull-rpc-resp': { link: 'dataCentre', bytes: H + 4 + 21, item: 'entries', itemBytes: ENTRY_BYTES }, // device, pull-resp's fields
  'append-req': { link: 'dataCentre', bytes: H + 8 + CHAT_MESSAGE_BYTES }, // reqId, user, message
  'append-resp': { link: 'dataCentre', bytes: H + 13 }, // reqId, user, seq, reject 1
  'read-req': { link: 'dataCentre', bytes: H + 24 }, // reqId, user, afterSeq, limit, maxBytes, device
  'read-resp': { link: 'dataCentre', bytes: H + 17, item: 'entries', itemBytes: ENTRY_BYTES }, // reqId, bound, more 1, seqSvr, entry count
  // Replication: a batch's entries are counted as each commit's copies to the other replicas (cost.ts).
  replicate: { link: 'dataCentre', bytes: H + 24, item: 'entries', itemBytes: LOG_ENTRY_BYTES }, // reqId, epoch, prevLsn, prevEpoch, commitLsn, entry count
  'replicate-ack': { link: 'dataCentre', bytes: H + 13 }, // reqId, epoch, ok 1, lsn
  // The allocator's lease and max_seq store. A grant's section list is not counted (one per takeover).
  'lease-req': { link: 'dataCentre', bytes: H + 8 }, // reqId, epoch
  'lease-resp': { link: 'dataCentre', bytes: H + 13 }, // reqId, granted 1, epoch, section count
  'maxseq-write': { link: 'dataCentre', bytes: H + 16 }, // reqId, epoch, section, maxSeq
  'maxseq-resp': { link: 'dataCentre', bytes: H + 5 }, // reqId, ok 1
  'alloc-req': { link: 'dataCentre', bytes: H + 16 }, // reqId, user, msgId 8
  'alloc-resp': { link: 'dataCentre', bytes: H + 12 }, // reqId, user, seq
  'push-req': { link: 'dataCentre', bytes: H + CHAT_MESSAGE_BYTES + 4, item: 'targets', itemBytes: TARGET_BYTES }, // message, target count
  'notify-device': { link: 'dataCentre', bytes: H + 12 }, // device, msgId 8
  'presence-up': { link: 'dataCentre', bytes: H + PRESENCE_BYTES + 8 }, // a presence, stamp 8
  'presence-down': { link: 'dataCentre', bytes: H + 12 }, // device, connId 8
  'presence-reset': { link: 'dataCentre', bytes: H + 12 }, // connectSvr, stamp
  'presence-sync-req': { link: 'dataCentre', bytes: H },
  'presence-refresh': { link: 'dataCentre', bytes: H + 16, item: 'devices', itemBytes: PRESENCE_BYTES }, // connectSvr, stamp 8, device count
  'platform-notify': { link: 'platformPush', bytes: H + 12 }, // device, msgId 8
  'platform-wake': { link: 'platformPush', bytes: H + 8 }, // msgId
};

/**
 * The largest text the workload draws: a chat message carries text and links; photos, voice and
 * files go to a CDN and the message carries their address.
 */
export const TEXT_MAX_BYTES = 8_192;

/** The largest inbox entry and chat message on the wire: the longest text in each. */
export const ENTRY_MAX_BYTES = ENTRY_BYTES - TEXT_BYTES + TEXT_MAX_BYTES;
export const CHAT_MESSAGE_MAX_BYTES = CHAT_MESSAGE_BYTES - TEXT_BYTES + TEXT_MAX_BYTES;

/** The most a page of pulled entries carries on any link (one entry at least): a TCP window's worth. */
export const PAGE_MAX_BYTES = 65_536;

/**
 * The pull timeout a device keeps on a link of `bandwidthKbps` (undefined: no limit): the knob, or
 * twice the time the link takes to carry the longest entry if that is longer. A page holds one entry
 * at least, and one that outlasted the timeout would be asked for again and again, each copy queued
 * on the link ahead of the answer: on a link of a few kbit/s the device never caught up.
 */
export function pullTimeoutOn(pullTimeoutUs: number, bandwidthKbps: number | undefined): number {
  return bandwidthKbps === undefined ? pullTimeoutUs : Math.max(pullTimeoutUs, Math.ceil((2 * ENTRY_MAX_BYTES * 8_000) / bandwidthKbps));
}

/**
 * The page a device asks for: half its pull timeout's worth of its link (the timeout it keeps there,
 * pullTimeoutOn the knob `pullTimeoutUs`; kbit/s is bits per millisecond).
 */
export function pageBudgetBytes(pullTimeoutUs: number, bandwidthKbps: number): number {
  return Math.floor(((pullTimeoutOn(pullTimeoutUs, bandwidthKbps) / 2_000) * bandwidthKbps) / 8);
}

/** A message's size with its own texts (the table's average text swapped for each real one). */
export function wireBytes(message: Wire): number {
  let bytes = WIRE_SIZES[message.type].bytes;
  switch (message.type) {
    case 'send-req':
    case 'send-rpc':
    case 'append-req':
    case 'push-req':
      bytes += textOver(message.message);
      break;
    case 'pull-resp':
    case 'read-resp':
      for (const entry of message.entries) bytes += entryBytes(entry.message);
      break;
    case 'pull-rpc-resp':
      for (const entry of message.resp.entries) bytes += entryBytes(entry.message);
      break;
    case 'replicate':
      bytes += message.entries.length * (LOG_ENTRY_BYTES - TEXT_BYTES) + message.textBytes;
      break;
    default:
      break;
  }
  return bytes;
}

/** The texts' bytes of log entries `ids` (a replication batch's, for its size on the wire). */
export function textBytesOf(entries: LogEntries, ids: readonly number[]): number {
  let bytes = 0;
  for (const id of ids) bytes += entries.message(id).textBytes;
  return bytes;
}

/** An inbox entry on the wire with its own text. */
export function entryBytes(message: ChatMessage): number {
  return ENTRY_BYTES + textOver(message);
}

/** How much longer than the average text this message's is. */
function textOver(message: ChatMessage): number {
  return message.textBytes - TEXT_BYTES;
}
