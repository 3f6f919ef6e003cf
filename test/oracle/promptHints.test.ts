// The odds behind push-route's prompt-hint verdict: how likely lost transmissions leave k sessions
// with a late hint, as an upper bound that a simulation of the loss process never exceeds.
import { describe, expect, it } from 'vitest';
import { PromptHints, stuckSessionsOdds } from '../../src/oracle/promptHints.js';
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

describe('prompt hints', () => {
  // Expectations are judged in the order they fall due, each once, however often the judged prefix
  // is dropped from the queue (every 1,024 judged, so 5,000 cross it several times).
  it('judges every expected hint once, in order, across the queue dropping its judged prefix', () => {
    const judged: number[] = [];
    const awaited = (device: number, msgId: number): boolean => {
      judged.push(msgId);
      expect(device).toBe(msgId % 7);
      return false;
    };
    const device = (id: number) => ({ id }) as never;
    const bounds = { hintPromptUs: 10, stuckOdds: 0.5 } as never;
    const hints = new PromptHints({} as never, {} as never, {} as never, bounds, awaited);
    let nowUs = 0;
    for (let msgId = 0; msgId < 5_000; msgId++) {
      hints.expect(device(msgId % 7), msgId, msgId);
      // Judge now and then, a few at a time behind the expectations.
      if (msgId % 97 === 0) hints.judge((nowUs = msgId - 50));
    }
    expect(nowUs).toBeGreaterThan(0);
    hints.judge(10_000);
    expect(judged).toEqual(Array.from({ length: 5_000 }, (_, msgId) => msgId));
  });
});
