// The odds behind push-route's prompt-hint verdict: how likely lost transmissions leave k sessions
// with a late hint, as an upper bound that a simulation of the loss process never exceeds.
import { describe, expect, it } from 'vitest';
import { stuckSessionsOdds } from '../../src/oracle/promptHints.js';
import { FALSE_ALARM } from '../../src/oracle/pooledLatency.js';

describe('stuck-session odds', () => {
  it('is 1 for no late session, 0 when no message can be stuck, and falls with every late session', () => {
    expect(stuckSessionsOdds(0, 10_000, 1e-3)).toBe(1);
    expect(stuckSessionsOdds(3, 10_000, 0)).toBe(0);
    const odds = [1, 2, 3, 4, 5].map((k) => stuckSessionsOdds(k, 20_000, 1.7e-6));
    for (let i = 1; i < odds.length; i++) expect(odds[i]!).toBeLessThan(odds[i - 1]!);
    // Lossy Wi-Fi (q = 0.15^7) over a 20k-event run: 3 late sessions are not enough to fail, 4 are.
    expect(stuckSessionsOdds(3, 20_000, 0.15 ** 7)).toBeGreaterThan(FALSE_ALARM);
    expect(stuckSessionsOdds(4, 20_000, 0.15 ** 7)).toBeLessThan(FALSE_ALARM);
  });

  it('bounds the binomial tail it stands for', () => {
    // P(Binomial(n, q) >= k), summed exactly, never exceeds the bound.
    const n = 2_000;
    const q = 1e-3;
    let term = (1 - q) ** n; // P(X = 0)
    const pmf = [term];
    for (let k = 1; k <= 12; k++) pmf.push((term *= ((n - k + 1) / k) * (q / (1 - q))));
    for (let k = 1; k <= 10; k++) {
      const tail = 1 - pmf.slice(0, k).reduce((a, b) => a + b, 0);
      expect(stuckSessionsOdds(k, n, q)).toBeGreaterThanOrEqual(tail * (1 - 1e-9));
    }
  });
});
