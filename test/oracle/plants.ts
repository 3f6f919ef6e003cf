// Shared by the tests that plant a realistic bug through a system class's prototype: the correct
// system keeps an invariant on some seeds, and the plant breaks it on each of them.
import { expect } from 'vitest';
import { runScenario } from '../../src/api.js';

export type Verdict = { readonly ok: boolean; readonly first: { readonly kind: string | null; readonly detail: string } | null };

/** One invariant's verdict on one run. */
export const verdictOf = (invariant: string, scenario: string, seed: string, swarm = false): Verdict =>
  runScenario(scenario, { seed, swarm }).invariants.find((i) => i.name === invariant)!;

/** `verdict` holds on every seed; after `plant`, it fails on each, its first violation of `kind` (null: none named) and matching `detail`. */
export function plantFails(verdict: (seed: string) => Verdict, seeds: readonly string[], plant: () => void, kind: string | null, detail: RegExp): void {
  for (const seed of seeds) expect(verdict(seed).ok, seed).toBe(true);
  plant();
  for (const seed of seeds) {
    const after = verdict(seed);
    expect(after.ok, seed).toBe(false);
    expect(after.first?.kind ?? null, seed).toBe(kind);
    expect(after.first?.detail, seed).toMatch(detail);
  }
}
