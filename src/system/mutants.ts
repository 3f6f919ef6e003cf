// Deliberate bugs, off by default. Each stands for a real class of message-sync bug; a server or
// the device reads the set from its config, so a bug is planted without forking the code. Each
// names the invariant that must catch it (a test holds the oracle to that).

export interface Mutant {
  /** The bug, as it would show in a real client or server. */
  readonly bug: string;
  /** The invariant that catches it. */
  readonly invariant: string;
  /** Caught only by a sweep's verdict on pooled latency, never by one run alone. */
  readonly pooled?: true;
  /** Only these fault kinds (one family) can expose it: with them left out of the swarm draw, the same seeds miss it. */
  readonly exposedBy?: readonly string[];
  /** The named scenario to hunt it on, when the default base is too short or too small for it to show. */
  readonly huntOn?: string;
}

export const MUTANTS = {
  'client-cursor-before-store': {
    bug: 'The device advances Seq_cli before the pulled batch is stored; a crash in between loses the batch.',
    invariant: 'client-cursor',
  },
  'pull-bound-past-uncommitted': {
    bug: 'MsgStore reports a pull bound that covers a seq still being written, so a reader skips it.',
    invariant: 'server-bound',
  },
  'alloc-no-persist': { bug: 'The allocator restarts without its persisted max_seq and reissues seqs.', invariant: 'seq-allocation' },
  'page-skip': { bug: 'The device jumps its cursor to Seq_svr while more pages remain.', invariant: 'client-cursor' },
  'server-cursor-per-user': {
    bug: 'ReceiveSvr keeps delivery state per user instead of per device, so a second device misses messages.',
    invariant: 'client-cursor',
  },
  'no-pull-on-reconnect': { bug: 'The device relies on push alone: nothing is pulled after a reconnect or on a timer, only on a hint.', invariant: 'zero-loss' },
  'no-send-dedup': { bug: 'A retry after a lost ack makes a second copy of the message.', invariant: 'no-duplicate' },
  'ack-before-durable': { bug: 'MsgStore acks an append before its write is durable; a crash then loses an acked message.', invariant: 'ack-durable' },
  'gap-as-loss': { bug: 'The device treats a seq gap as loss and re-requests it forever.', invariant: 'gap-tolerance' },
  'no-pull-retry': { bug: 'A pull that times out (or dies with its connection) is never retried: the device waits forever.', invariant: 'zero-loss' },
  'push-carries-payload': { bug: 'The message rides only in the notification, which may be dropped; no pull follows.', invariant: 'zero-loss' },
  'half-open-no-fallback': { bug: 'A half-open long connection is never detected, so no platform push replaces it.', invariant: 'zero-loss' },
  'no-push': { bug: 'PushSvr does nothing at all: no hint through the long connection, no platform push; only pulls on timers deliver.', invariant: 'push-route' },
  'push-both-routes': {
    bug: 'PushSvr sends every message both ways, a hint through the long connection and a platform push: a phone in use rings twice for each message, and the push service quota is spent on devices that need none.',
    invariant: 'push-route',
  },
  'no-platform-fallback': { bug: 'PushSvr hints only through long connections: a device without one gets no platform push, so a backgrounded app is never woken by a message.', invariant: 'push-route' },
  'slow-hint': {
    bug: 'PushSvr holds each hint for 1.5 s to batch it with others: every delivery is late, though no single one misses a hard deadline.',
    invariant: 'latency',
    pooled: true,
  },
  'blacklist-reversed': { bug: 'SendSvr reads the blacklist the wrong way round: the blocked user gets through, and the blocker cannot message them.', invariant: 'send-policy' },
  'rate-limit-as-refusal': {
    bug: "The app takes anti-spam's rate limit for a final rejection: a message sent in a burst is marked failed and dropped from the outbox, though SendSvr only asked it to come back later.",
    invariant: 'send-policy',
  },
  'fetch-not-rearmed': { bug: 'The background fetch timer fires once and is never set again: an app left in the background is woken only by platform push.', invariant: 'timeliness' },
  'send-backoff-uncapped': {
    bug: 'The send retry backoff doubles without a cap, and a reconnect does not resend the outbox: after a flaky spell a sender waits minutes for its ack.',
    invariant: 'timeliness',
  },
  'woken-sleeps-unsent': {
    bug: 'A woken app goes back to sleep once its catch-up pull is done, without waiting for its outbox: a send whose ack is slow (an attempt lost, an anti-spam deferral) waits for the next background fetch.',
    invariant: 'timeliness',
    // Shows only when a woken app's send is deferred and no platform push wakes it again soon: a group
    // storm's bursts past its anti-spam limit (swarm seeds 28, 47 and 118 of the first 200).
    huntOn: 'group-storm',
  },
  'idle-clock-from-login': {
    bug: "ConnectSvr counts a session's silence from its login, not from the last heartbeat: it drops every long connection an idle timeout after it began, and each phone reconnects and pulls again, missing the hints sent meanwhile.",
    invariant: 'timeliness',
  },
  'hint-dropped-while-pulling': { bug: 'A hint that arrives while a pull is under way is dropped instead of asking for another pull: the message waits for the periodic pull.', invariant: 'timeliness' },
  'concurrent-appends': {
    bug: 'MsgStore runs appends to one inbox at the same time: a later seq can commit before an earlier one, and a pull that reads in between is told a bound past a seq still being written.',
    invariant: 'server-bound',
  },
  'connectsvr-no-idle-sweep': {
    bug: "ConnectSvr drops a session only when its connection says it closed, never for silence: a phone that dies without a word stays online to PushSvr, and its messages wake nobody.",
    invariant: 'push-route',
    // Whatever kills a phone's connection without a word to ConnectSvr: the phone vanishing, going
    // offline, or its connection turning half-open.
    exposedBy: ['silent-host-loss', 'offline', 'half-open'],
    // The idle timeout takes 45 s to notice a silent phone: a one-minute base run is over by then.
    huntOn: 'dead-phones',
  },
  'directory-cached': {
    bug: 'SendSvr reads blacklists and group membership from a copy it took when it started: after someone blocks a sender, or joins or leaves a group, it routes and checks by the old directory.',
    invariant: 'send-policy',
    exposedBy: ['directory-change'],
  },
  'client-msg-id-counter': {
    bug: "The device numbers its messages with a counter kept on its disk: restored from an older backup, it reuses the id of a message it sent after that backup, and SendSvr acks the new message as that old one, which is silently lost.",
    invariant: 'ack-durable',
    exposedBy: ['restore-backup'],
  },
  'no-presence-refresh': {
    bug: 'ConnectSvr tells PushSvr of a login or a logout once and never again: a presence message lost between the two leaves PushSvr hinting a device that is gone, or waking one that is online.',
    invariant: 'timeliness',
    // timeliness's refresh promise sees the missing refreshes in any run. Its harm, presence lost on
    // the way between servers and never repaired, needs a flapping data-centre link or a cut:
    // push-route saw it in 2 mutant-hunt swarm seeds of 200, and 6 of 100 on switch-flap.
    huntOn: 'switch-flap',
  },
  'ack-skips-own-store': {
    bug: "The app does not store its own message when SendSvr acks it, leaving it to a later pull: no hint comes for the sender's own device, so a message just sent vanishes from the chat until the periodic pull.",
    invariant: 'timeliness',
  },
  'backoff-never-reset': {
    bug: 'The app resets its reconnect backoff only at launch, not when a connection succeeds: every drop doubles the wait before the next reconnect, up to reconnectCap, however long the sessions between were.',
    invariant: 'timeliness',
  },
  'reconnect-backoff-uncapped': {
    bug: "The app's reconnect backoff doubles with every failed attempt and has no cap: after a login storm answered busy a few times over, or a long outage, the phone waits minutes before trying again, though the servers and its network are long back. Every message still arrives once it does, or once the user reopens the app.",
    invariant: 'timeliness',
    // Only a login storm fails attempts fast enough, many times over: 3 of 50 multi-device swarm runs, none of 100 mutant-hunt.
    exposedBy: ['reconnect-storm'],
    huntOn: 'multi-device',
  },
  'connect-pinned': {
    bug: 'The app dials the same ConnectSvr (its own, from the access list) on every attempt instead of moving down the list after a failure: while that server is down or cut off, the phone stays offline though the others would take it.',
    invariant: 'timeliness',
  },
  // ---- replicated storage (issue 18) ----
  // These two commit what no majority holds on disk: commit-quorum sees that in any run, with no
  // failover needed to lose the entry. Each of the rest, only its fault can expose.
  'commit-before-quorum': {
    bug: "The MsgStore primary commits and acks an append once its own write is durable, without waiting for a majority of its replicas: a failover to a replica that never got it loses an acked message.",
    invariant: 'commit-quorum',
  },
  'replica-ack-on-receipt': {
    bug: 'A MsgStore replica acks a replicated batch as it arrives, before writing it: the primary commits on a copy that is not on disk, and a crash of that replica then a failover to it loses an acked message.',
    invariant: 'commit-quorum',
  },
  'failover-to-any-replica': {
    bug: 'A failover promotes the first live replica without comparing logs: a lagging one becomes primary and the commits it missed are lost.',
    invariant: 'zero-loss',
    exposedBy: ['msgstore-failover'],
  },
  'no-lease-check': {
    bug: 'An allocator that once held its lease goes on issuing seqs without checking that the lease still runs: after a long pause it issues seqs below the ones the new owner issued.',
    invariant: 'seq-allocation',
    exposedBy: ['allocator-failover'],
  },
  'presence-down-any-login': {
    bug: "PushSvr takes a logout for whatever login it holds for the device, not only the one that ended: when a ConnectSvr finds a half-open connection dead after the device has logged in again elsewhere, PushSvr forgets the live login and stops hinting until the next presence refresh.",
    invariant: 'push-route',
  },
  'lease-from-answer': {
    bug: "The allocator counts its lease from when the grant arrives, not from when it asked: paused while a renewal is in flight, it takes the late grant for a fresh lease and issues seqs beside the standby that took its group over.",
    invariant: 'seq-allocation',
    exposedBy: ['allocator-failover'],
  },
  'lease-handover-at-lapse': {
    bug: "SeqStore hands a lapsed lease to a standby the moment it lapses, without waiting out the clock-skew margin: an owner paused with its clock set back resumes still believing in its lease, and issues seqs beside the standby that took its group over. The oracle sees the early grant itself (lease-grant), wherever an owner stops renewing.",
    invariant: 'timeliness',
  },
  'no-fsync': {
    bug: "MsgStore writes its log without fsync and commits on writes still in the OS page cache: a power loss undoes committed, acked entries.",
    invariant: 'zero-loss',
    exposedBy: ['power-loss'],
  },
  // ---- load and size (issue 18) ----
  'page-ignores-bytes': {
    bug: "MsgStore fills a page by entry count alone, ignoring the byte budget the device's pull carries: on a slow radio a page of long texts outlasts the pull timeout, every retry queues one more page on the link ahead of the answer, and the device falls ever further behind.",
    invariant: 'zero-loss',
    // Only a radio slow enough for a page to outlast the pull timeout, and a backlog to fill pages.
    huntOn: 'gprs-backlog',
  },
  'busy-as-logout': {
    bug: "The app takes ConnectSvr's busy answer (its login queue is full) for a forced logout: it stops connecting until the user reopens it, and its messages wait for that.",
    invariant: 'zero-loss',
    // Only a login queue that fills up answers busy: a reconnect storm.
    exposedBy: ['reconnect-storm'],
  },
  // Narrow: only a MsgStore crash in the millisecond between the two writes shows it.
  'store-key-before-entry': {
    bug: "MsgStore writes an append's idempotency key and its inbox entry as two writes, key first: a crash between them leaves a key with no entry, and the retried append is acked from the key.",
    invariant: 'ack-durable',
  },
} as const satisfies Record<string, Mutant>;

export type MutantName = keyof typeof MUTANTS;

export const MUTANT_NAMES = Object.keys(MUTANTS) as MutantName[];

export function isMutantName(name: string): name is MutantName {
  return Object.hasOwn(MUTANTS, name);
}
