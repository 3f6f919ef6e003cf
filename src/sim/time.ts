// Virtual time is an integer count of microseconds. These helpers keep units visible at call sites.

export const US_PER_MS = 1_000;
export const US_PER_SEC = 1_000_000;

export function ms(valueMs: number): number {
  return Math.round(valueMs * US_PER_MS);
}

export function sec(valueSec: number): number {
  return Math.round(valueSec * US_PER_SEC);
}
