// On the correct system, every checker passes, on nominal and on faulty runs, over many seeds.
import { describe, expect, it } from 'vitest';
import { runOne } from '../../src/run/runOne.js';
import { baseline, chaos } from './specs.js';

const SEEDS = Array.from({ length: 12 }, (_, i) => i + 1);

describe('the correct system', () => {
  it.each([
    ['baseline', baseline],
    ['chaos', chaos],
  ] as const)('passes every invariant on %s, seeds 1-12', (_name, make) => {
    for (const seed of SEEDS) {
      const { result } = runOne(make(seed));
      const failed = result.invariants.filter((invariant) => !invariant.ok).map((invariant) => `${invariant.name}: ${invariant.first?.detail}`);
      expect(failed, `seed ${seed}`).toEqual([]);
      expect(result.outcome).toBe('passed');
      expect(result.messages.sent).toBeGreaterThan(30);
      expect(result.messages.lost).toBe(0);
      expect(result.messages.deliveries).toBe(result.messages.expectedDeliveries);
      expect(result.messages.acked + result.messages.rejected + result.messages.abandoned).toBe(result.messages.sent);
      expect(result.quietAtMs).not.toBeNull();
    }
  });

  it('really was faulty on the chaos runs: every scheduled kind fired', () => {
    const { result } = runOne(chaos(1));
    for (const kind of ['crash', 'crash-point', 'offline', 'half-open', 'background', 'reinstall', 'kill', 'platform-off', 'network-profile', 'partition']) {
      expect(result.faults[kind], kind).toBeGreaterThan(0);
    }
    expect(result.faultsFired).toBeGreaterThanOrEqual(result.faultsScheduled);
  });
});
