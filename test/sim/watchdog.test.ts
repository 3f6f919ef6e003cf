import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/sim/simulation.js';
import { Recorder } from './recorder.js';

describe('watchdog', () => {
  it('stops a run that would loop forever at its step budget', () => {
    const sim = new Simulation({ seed: 'loop', maxSteps: 10_000 });
    const p = sim.add(new Recorder('spinner'));
    // A zero-delay timer that re-arms itself: virtual time never advances.
    p.onTimerDo = () => void p.setTimer(0, 1);
    p.setTimer(0, 1);
    expect(sim.run(1_000_000)).toBe('step-budget');
    expect(sim.steps).toBe(10_000);
    expect(sim.nowUs).toBe(0);
  });

  // Timeouts waiting in a lane behind its head are pending too (timerLanes.ts).
  it.each(['setTimer', 'armTimeout'] as const)('stops a run whose pending events explode (%s)', (arm) => {
    const sim = new Simulation({ seed: 'fork-bomb', maxPendingEvents: 1_000 });
    const p = sim.add(new Recorder('forker'));
    p.onTimerDo = () => {
      p[arm](1, 1);
      p[arm](1, 1);
    };
    p[arm](1, 1);
    expect(sim.run()).toBe('pending-budget');
    expect(sim.pendingEvents).toBeGreaterThan(1_000);
  });

  it('stops when asked, and at the time limit', () => {
    const sim = new Simulation({ seed: 'stop' });
    const p = sim.add(new Recorder('p'));
    p.onTimerDo = () => void p.setTimer(10, 1);
    p.setTimer(10, 1);
    expect(sim.run(95)).toBe('until');
    expect(sim.nowUs).toBe(95);
    sim.at(200, 'halt', () => sim.stop('violation'));
    expect(sim.run()).toBe('stopped');
    expect(sim.stopReason).toBe('violation');
    expect(sim.nowUs).toBe(200);
  });
});
