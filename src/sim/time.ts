// Virtual time is an integer count of microseconds. These helpers keep units visible at call sites.

export const US_PER_MS = 1_000;
export const US_PER_SEC = 1_000_000;

export function ms(valueMs: number): number {
  return Math.round(valueMs * US_PER_MS);
}

export function sec(valueSec: number): number {
  return Math.round(valueSec * US_PER_SEC);
}

/** 2^52: every double from here on is a whole number. */
const WHOLE_FROM = 2 ** 52;

/**
 * `value` (>= 0) rounded to a whole number exactly as Math.round rounds it, for the hot paths: in
 * V8 11 a latency draw that returned Math.round(...) took 53 ns, and 37 ns with Math.floor (a
 * microbenchmark; the full system on baseline gained 0-2%). Math.floor(value + 0.5) is the same for
 * every value from 0.5 to 2^52; below, Math.round gives 0 (and 0.49999999999999994 + 0.5 is 1), and
 * from 2^52 on every double is whole (and adding 0.5 can round up).
 */
export function roundWhole(value: number): number {
  if (value < 0.5) return 0;
  return value < WHOLE_FROM ? Math.floor(value + 0.5) : value;
}
