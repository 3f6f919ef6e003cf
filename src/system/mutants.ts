// Deliberate bugs, off by default. Each stands for a real class of message-sync bug; a server or
// the device reads the set from its config, so a bug is planted without forking the code.

export const MUTANTS = {
  'client-cursor-before-store': 'The device advances Seq_cli before the pulled batch is stored; a crash in between loses the batch.',
  'pull-bound-past-uncommitted': 'MsgStore reports a pull bound that covers a seq still being written, so a reader skips it.',
  'alloc-no-persist': 'The allocator restarts without its persisted max_seq and reissues seqs.',
  'page-skip': 'The device jumps its cursor to the bound while more pages remain.',
  'server-cursor-per-user': 'ReceiveSvr keeps delivery state per user instead of per device, so a second device misses messages.',
  'no-pull-on-reconnect': 'The device relies on push alone: nothing is pulled after a reconnect or on a timer, only on a hint.',
  'no-send-dedup': 'A retry after a lost ack makes a second copy of the message.',
  'ack-before-durable': 'SendSvr acks the sender before the inbox writes are durable.',
  'gap-as-loss': 'The device treats a seq gap as loss and re-requests it forever.',
  'no-pull-retry': 'A pull that times out is never retried.',
  'push-carries-payload': 'The message rides only in the notification, which may be dropped; no pull follows.',
  'half-open-no-fallback': 'A half-open long connection is never detected, so no platform push replaces it.',
} as const;

export type MutantName = keyof typeof MUTANTS;

export const MUTANT_NAMES = Object.keys(MUTANTS) as MutantName[];

export function isMutantName(name: string): name is MutantName {
  return Object.hasOwn(MUTANTS, name);
}
