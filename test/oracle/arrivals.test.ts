// Arrivals: when each awaited thing came, so deadlines are judged by the time they were kept.
import { describe, expect, it } from 'vitest';
import { Arrivals, pairKey } from '../../src/oracle/arrivals.js';
import type { Obligation } from '../../src/oracle/deadlines.js';

/** An obligation set at `setAtUs` with `budgetUs`, as far as keptWithin reads it. */
const owed = (setAtUs: number, budgetUs: number) => ({ setAtUs, fromUs: setAtUs, budgetUs }) as Obligation;

describe('arrivals', () => {
  const key = pairKey(3, 17);

  it('keeps a promise only by an arrival within its budget', () => {
    const arrivals = new Arrivals();
    arrivals.expect(key);
    expect(arrivals.keptWithin(key, owed(1_000, 500))).toBe(false);
    expect(arrivals.lateBy(key, 1_500)).toBe(true);
    arrivals.arrived(key, 1_600);
    arrivals.arrived(key, 1_200); // only the first arrival counts
    expect(arrivals.keptWithin(key, owed(1_000, 500))).toBe(false);
    expect(arrivals.keptWithin(key, owed(1_000, 600))).toBe(true);
    expect(arrivals.lateBy(key, 1_500)).toBe(true);
    expect(arrivals.lateBy(key, 1_600)).toBe(false);
  });

  it('ignores what arrives while nothing is awaited', () => {
    const arrivals = new Arrivals();
    arrivals.arrived(key, 1_000);
    arrivals.expect(key);
    expect(arrivals.keptWithin(key, owed(2_000, 10_000))).toBe(false);
    expect(arrivals.lateBy(pairKey(4, 17), 5_000)).toBe(false);
  });

  it('keeps the arrival for a second promise on the same key while the first lapses', () => {
    // A restored app hears its ack again and owes its own store a second time; the first promise
    // lapses (the app's epoch moved) after the store that keeps the second.
    const arrivals = new Arrivals();
    arrivals.expect(key);
    arrivals.expect(key);
    arrivals.arrived(key, 1_100);
    arrivals.forget(key);
    expect(arrivals.keptWithin(key, owed(1_000, 500))).toBe(true);
    arrivals.forget(key);
    expect(arrivals.keptWithin(key, owed(1_000, 500))).toBe(false);
  });
});
