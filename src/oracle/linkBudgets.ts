// The oracle's own reading of what a device keeps on a slow link: its pull timeout, and the byte
// budget of the page it asks for. The system's are in wireSizes.ts; these are worked out apart from
// them, from the same promise, so that a slip in the system's arithmetic breaks a rule instead of
// moving it. A device whose link-aware timeout took kbit/s for bits per microsecond kept the 3 s
// knob on GPRS, retried every pull twice as often and asked for pages half as big, and every rule,
// reading the system's own function, held.
import { ENTRY_MAX_BYTES } from '../system/wireSizes.js';

/** How long the link takes to carry `bytes` at `kbps` (a kilobit a second is a bit a millisecond). */
function carryUs(bytes: number, kbps: number): number {
  const bits = bytes * 8;
  const ms = bits / kbps;
  return Math.ceil(ms * 1_000);
}

/**
 * The pull timeout a device keeps on a link of `kbps` (undefined: no limit): the knob, or long
 * enough for the link to carry the longest entry twice, whichever is longer.
 */
export function devicePullTimeoutUs(knobUs: number, kbps: number | undefined): number {
  if (kbps === undefined) return knobUs;
  return Math.max(knobUs, carryUs(2 * ENTRY_MAX_BYTES, kbps));
}

/** The page a device asks for on a link of `kbps`: what the link carries in half its pull timeout. */
export function devicePageBudgetBytes(knobUs: number, kbps: number): number {
  const halfTimeoutMs = devicePullTimeoutUs(knobUs, kbps) / 2 / 1_000;
  return Math.floor((halfTimeoutMs * kbps) / 8);
}
