// Every named crash point, by the role whose code passes through it (a test keeps this list equal
// to the crashPoint calls in src/system). Faults arm them; swarm mode draws from them.

export const CRASH_POINTS = {
  sendsvr: ['send.received', 'send.checked', 'send.appended', 'send.recorded', 'send.acked'],
  allocator: ['alloc.received', 'alloc.before-persist', 'alloc.after-persist', 'alloc.before-reply', 'alloc.lease-asked'],
  msgstore: ['store.received', 'store.after-alloc', 'store.after-commit'],
  receivesvr: ['receive.received', 'receive.read'],
  device: ['device.before-store', 'device.after-store', 'device.after-cursor'],
  seqstore: ['seqstore.grant-pending', 'seqstore.max-pending'],
} as const;

export type CrashPointRole = keyof typeof CRASH_POINTS;

/** The role whose code passes through crash point `point`, or undefined if no such point exists. */
export function roleOfCrashPoint(point: string): CrashPointRole | undefined {
  return (Object.keys(CRASH_POINTS) as CrashPointRole[]).find((role) => (CRASH_POINTS[role] as readonly string[]).includes(point));
}
