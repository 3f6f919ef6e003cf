// The system's own trace events: what the oracle watches. Each is emitted at the moment the
// fact becomes true (a commit when the disk write completes, a store when the device's does).
import { defineTraceKind } from '../sim/traceKinds.js';
import type { Platform } from './config.js';
import type { RejectReason } from './wire.js';

/** A device process started (fresh or after the app was killed). actor: device. */
export const EV_DEVICE_START = defineTraceKind('device-start', ['user', 'platform', 'restarted']);
/** The app's data was backed up (restore-backup takes it now, restores it later). actor: device. */
export const EV_DEVICE_BACKUP = defineTraceKind('device-backup', ['user', 'seqCli', 'backup']);
/** The app came back from a backup: its store, Seq_cli and outbox are the backup's. actor: device. */
export const EV_DEVICE_RESTORED = defineTraceKind('device-restored', ['user', 'seqCli', 'backup']);
/** A device was wiped by a reinstall and never comes back. actor: device. */
export const EV_DEVICE_RETIRED = defineTraceKind('device-retired', ['user']);
/** The directory changed: `user` blocks or unblocks `other`, or joins or leaves group `other` (change: DIRECTORY_CHANGES index). actor: control. */
export const EV_DIRECTORY = defineTraceKind('directory', ['change', 'user', 'other']);
/** The user pressed send (latency starts). actor: device. */
export const EV_COMPOSE = defineTraceKind('compose', ['msg', 'user', 'toUser', 'group']);
/** The message just composed is spam: the anti-spam filter must flag it (only such messages). actor: device. */
export const EV_SPAM = defineTraceKind('spam', ['msg']);
/** The message is durable in the device's outbox: from now on it must end acked or rejected. */
export const EV_OUTBOX = defineTraceKind('outbox', ['msg', 'clientMsgId']);
export const EV_SEND_ATTEMPT = defineTraceKind('send-attempt', ['msg', 'attempt']);
/** The sending device saw the ack. actor: device. */
export const EV_SEND_ACKED = defineTraceKind('send-acked', ['msg', 'ownSeq']);
/** The sending device was told to slow down (rate-limited): it will send again. actor: device. */
export const EV_SEND_DEFERRED = defineTraceKind('send-deferred', ['msg']);
/** The sending device saw a rejection (final). actor: device. */
export const EV_SEND_REJECTED = defineTraceKind('send-rejected', ['msg', 'reason']);
/** An abandoned send (its outbox wiped by a reinstall). actor: device. */
export const EV_SEND_ABANDONED = defineTraceKind('send-abandoned', ['msg']);

/** actor: SendSvr. */
export const EV_SENDSVR_RECEIVED = defineTraceKind('sendsvr-received', ['msg', 'device']);
export const EV_SENDSVR_REJECT = defineTraceKind('sendsvr-reject', ['msg', 'reason']);
/** A new send passed the checks (anti-spam, blacklist, rate): SendSvr starts appending it. actor: SendSvr. */
export const EV_SENDSVR_ADMIT = defineTraceKind('sendsvr-admit', ['msg', 'user']);
export const EV_SENDSVR_ACK = defineTraceKind('sendsvr-ack', ['msg', 'ownSeq']);
/** A target inbox could not take the message: its user's 32-bit seq space is used up. actor: SendSvr. */
export const EV_INBOX_FULL = defineTraceKind('inbox-full', ['msg', 'user']);

/** A seq was issued. actor: allocator. */
export const EV_ALLOC = defineTraceKind('alloc', ['user', 'seq', 'msg']);
/** The allocator started writing a section's next max_seq (requests for it wait until it is durable). actor: allocator. */
export const EV_ALLOC_PERSIST_BEGIN = defineTraceKind('alloc-persist-begin', ['section', 'maxSeq']);
/** A max_seq write landed on the store's disk: the section's durable max_seq is now `maxSeq`. actor: seq store. */
export const EV_MAXSEQ_DURABLE = defineTraceKind('maxseq-durable', ['section', 'maxSeq']);
/** A section's max_seq became durable. actor: allocator. */
export const EV_ALLOC_PERSIST = defineTraceKind('alloc-persist', ['section', 'maxSeq']);
/** An inbox entry was committed: the log entry at `lsn` is on disk on a majority of its shard. actor: the shard's primary. */
export const EV_COMMIT = defineTraceKind('commit', ['user', 'seq', 'msg', 'lsn']);
/**
 * A MsgStore's log is on its disk through `lsn` (a write cut or extended it), its last entry written
 * by the primary of `epoch`. What commits rest on, told as the disk has it, not as an ack claims it.
 * actor: MsgStore.
 */
export const EV_LOG_DURABLE = defineTraceKind('log-durable', ['lsn', 'epoch']);
/** A retried append found the message already in the inbox. actor: MsgStore. */
export const EV_APPEND_DEDUP = defineTraceKind('append-dedup', ['user', 'seq', 'msg']);
/** An append's job was given up (its allocator stayed unreachable) unanswered: its callers retry. actor: MsgStore. */
export const EV_APPEND_DROPPED = defineTraceKind('append-dropped', ['user', 'msg']);
/** A replica takes its shard as primary in `epoch`: it serves entries up to `commitLsn` at once, and holds reads until its commit point reaches `endLsn`, its log's end. actor: MsgStore. */
export const EV_LEAD = defineTraceKind('lead', ['epoch', 'commitLsn', 'endLsn']);
/** A failover made this replica its shard's primary, in a new epoch. actor: the new primary. */
export const EV_PROMOTED = defineTraceKind('promoted', ['shard', 'epoch', 'previous']);
/** A section group's max_seq store granted its lease to a new owner, in a new epoch. actor: the store. */
export const EV_LEASE_GRANTED = defineTraceKind('lease-granted', ['group', 'epoch', 'owner']);
/** An append waits behind `ahead` others for the same inbox (one append per inbox at a time). actor: MsgStore. */
export const EV_APPEND_QUEUED = defineTraceKind('append-queued', ['user', 'msg', 'ahead']);
/** A pull read: what the store returned and the bound it allowed. actor: MsgStore. */
export const EV_READ = defineTraceKind('read', ['device', 'afterSeq', 'bound', 'count']);

/** A device asked for messages above its cursor. actor: device. */
export const EV_PULL = defineTraceKind('pull', ['seqCli', 'reqId', 'reason']);
/** A message became durable on a device. actor: device. */
export const EV_STORE = defineTraceKind('store', ['msg', 'seq', 'user']);
/** A device's durable Seq_cli moved. actor: device. */
export const EV_CURSOR = defineTraceKind('cursor', ['seqCli', 'user']);
/** A device's long connection became usable (kind: SESSION_*), or went away. actor: device. */
export const EV_SESSION = defineTraceKind('session', ['kind', 'connectSvr']);
/** A device starts opening a long connection; `attempt` counts the failed ones before it (0: the first). actor: device. */
export const EV_CONNECT_ATTEMPT = defineTraceKind('connect-attempt', ['connectSvr', 'attempt']);
/** ConnectSvr took a device's hello: PushSvr may hold a session the device has not heard of yet. actor: ConnectSvr. */
export const EV_LOGIN = defineTraceKind('login', ['device', 'conn']);
/** A login found the ConnectSvr's login queue full and was refused with hello-busy. actor: ConnectSvr. */
export const EV_LOGIN_REFUSED = defineTraceKind('login-refused', ['device', 'conn']);
/** Hints reaching a device. actor: device. */
export const EV_NOTIFY = defineTraceKind('notify', ['msg']);
export const EV_WAKE = defineTraceKind('platform-wake', ['msg']);
/** A woken app in the background goes back to sleep, its wake over (it ends its session next). actor: device. */
export const EV_SLEEP = defineTraceKind('app-sleep', []);
/** The app went to the background (1) or the foreground (0). actor: device. */
export const EV_APP_STATE = defineTraceKind('app-state', ['background']);
/** The app's background fetch timer fired (it wakes the app, or pulls if awake). actor: device. */
export const EV_BACKGROUND_FETCH = defineTraceKind('background-fetch', []);

/** PushSvr began writing a device's push registration (it found the device unregistered). actor: PushSvr. */
export const EV_REGISTER_WRITE = defineTraceKind('register-write', ['user', 'device']);
/** That write reached PushSvr's disk. actor: PushSvr. */
export const EV_REGISTERED = defineTraceKind('registered', ['user', 'device']);
/** PushSvr chose a route for a hint. actor: PushSvr. */
export const EV_PUSH = defineTraceKind('push', ['msg', 'device', 'via']);
/** A platform push service dropped (reason 1), coalesced (2) or was off for (3) a hint. actor: platform. */
export const EV_PLATFORM_LOST = defineTraceKind('platform-lost', ['msg', 'device', 'reason']);
export const EV_PLATFORM_SENT = defineTraceKind('platform-sent', ['msg', 'device']);
/** A platform push service took a hint request from PushSvr. actor: platform. */
export const EV_PLATFORM_REQUEST = defineTraceKind('platform-request', ['msg', 'device']);

export const SESSION_DOWN = 0;
export const SESSION_FOREGROUND = 1;
export const SESSION_WOKEN = 2;

export const PUSH_VIA_CONNECTION = 0;
export const PUSH_VIA_PLATFORM = 1;
export const PUSH_VIA_NONE = 2;

export const PLATFORM_DROPPED = 1;
export const PLATFORM_COALESCED = 2;
export const PLATFORM_OFF = 3;

export const PULL_REASONS = ['connect', 'notify', 'platform', 'periodic', 'retry', 'more', 'again'] as const;
export type PullReason = (typeof PULL_REASONS)[number];

export const REJECT_REASONS: readonly RejectReason[] = ['spam', 'rate-limited', 'blacklisted', 'seq-exhausted', 'unknown-recipient'];
export const PLATFORMS: readonly Platform[] = ['ios', 'android', 'wp', 'bb', 'desktop'];
