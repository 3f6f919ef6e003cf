// A chaos run whose faults never fired must not pass as one.
import { describe, expect, it } from 'vitest';
import { runOne } from '../../src/run/runOne.js';
import { spec } from './specs.js';

describe('fault accounting', () => {
  it('reports a run whose scheduled faults never fired, and fails it', () => {
    // A crash point nothing ever reaches, and a crash of an instance that does not exist.
    const { result } = runOne(
      spec(
        {
          name: 'inert',
          faults: [
            { at: 5_000, kind: 'crash-point', target: 'sendsvr-*', point: 'send.no-such-step' },
            { at: 6_000, for: 1_000, kind: 'crash', target: 'sendsvr-9' },
          ],
        },
        1,
      ),
    );
    expect(result.faultsScheduled).toBe(2);
    expect(result.faultsFired).toBe(0);
    expect(result.ok).toBe(false);
    const inert = result.invariants.find((i) => i.name === 'faults-fired')!;
    expect(inert.ok).toBe(false);
    expect(inert.first?.detail).toBe('2 faults were scheduled and none fired');
    // Every real invariant held: only the accounting failed the run.
    expect(result.invariants.filter((i) => !i.ok).map((i) => i.name)).toEqual(['faults-fired']);
  });

  it('counts each fault that fired, per kind and per target, and crash points only when hit', () => {
    const { result } = runOne(
      spec(
        {
          name: 'counted',
          faults: [
            { at: 5_000, for: 1_000, kind: 'crash', target: 'connectsvr-*' },
            { at: 7_000, for: 2_000, kind: 'crash-point', target: 'sendsvr-*', point: 'send.received' },
          ],
        },
        1,
      ),
    );
    expect(result.faults['crash']).toBe(2);
    expect(result.faults['crash-point']).toBe(2);
    expect(result.faultsFired).toBe(4);
    expect(result.ok).toBe(true);
  });
});
