// Trace events of the fault layer: each fault's start and end, and each armed crash point hit.
import { defineTraceKind } from '../sim/traceKinds.js';

/**
 * phase: one of the FAULT_* phases below; detail: the profile's index for a network-profile or dc-link
 * fault, the login cost (ms) for a reconnect storm, the length (ms) of a stall (the network holds
 * its targets' traffic that long even when the heal ends the fault sooner).
 */
export const EV_FAULT = defineTraceKind('fault', ['kind', 'target', 'phase', 'detail']);

/** Until when a stall that started at `startUs` holds its targets' traffic (`detail`: its start event's). */
export function stallHeldUntilUs(startUs: number, detail: number): number {
  return startUs + detail * 1_000;
}

/** A fault with a duration ended. */
export const FAULT_END = 0;
/** A fault with a duration started. */
export const FAULT_START = 1;
/** An armed crash point was reached: the target crashed there (it stays down until restarted). */
export const FAULT_HIT = 2;
/** A fault with no duration happened (a half-open break, a reinstall, arming a crash point). */
export const FAULT_INSTANT = 3;
/** Everything healed at the end of the workload. */
export const FAULT_HEAL = 4;
/** The other side of a partition is cut off too (not counted as a fault fired, but disturbed). */
export const FAULT_PEER_START = 5;
export const FAULT_PEER_END = 6;
