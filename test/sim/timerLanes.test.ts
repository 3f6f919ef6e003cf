// Timeouts in FIFO lanes (armTimeout) must fire exactly as heap timers (setTimer) would: same
// moments, same order among all other events, so a run's trace cannot tell which one was used.
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../src/sim/random.js';
import { Simulation } from '../../src/sim/simulation.js';
import { MAX_TIMER_LANES } from '../../src/sim/timerLanes.js';
import { Recorder } from './recorder.js';

/** A few delays many timers share (so lanes fill, wrap and tie), and many that are drawn fresh. */
const SHARED_DELAYS_US = [0, 1, 7, 50, 1_000];

/**
 * A busy random program over four processes: every timer that fires sets more, cancels some that
 * are pending, and now and then pauses, resumes, crashes or restarts a process. With `lanes`, its
 * timers are armTimeout's; without, setTimer's. Returns every process's log and the trace hash.
 */
function busyProgram(lanes: boolean): { logs: string[][]; traceHash: string; steps: number } {
  const sim = new Simulation({ seed: 'lanes', maxSteps: 200_000 });
  const random = new RandomStream('lanes-program');
  const processes = [0, 1, 2, 3].map((i) => sim.add(new Recorder(`p${i}`)));
  const pending: number[] = [];
  let nextTag = 1;
  const arm = (p: Recorder): void => {
    const delayUs = random.bernoulli(0.7) ? SHARED_DELAYS_US[random.int(0, SHARED_DELAYS_US.length)]! : random.int(0, 100_000);
    const tag = nextTag++;
    if (nextTag > 6_000) return;
    pending.push(lanes ? p.armTimeout(delayUs, tag) : p.setTimer(delayUs, tag));
  };
  for (const p of processes) {
    p.onTimerDo = () => {
      const fanOut = random.int(1, 4);
      for (let i = 0; i < fanOut; i++) arm(processes[random.int(0, processes.length)]!);
      // Cancel pending timers, stale handles among them (those already fired or cancelled).
      for (let i = random.int(0, 2); i > 0 && pending.length > 0; i--) p.cancelTimer(pending[random.int(0, pending.length)]!);
      const other = processes[random.int(0, processes.length)]!;
      const roll = random.uniform();
      if (roll < 0.01) sim.pause(other.id);
      else if (roll < 0.03) sim.resume(other.id);
      else if (roll < 0.035) sim.crash(other.id);
      else if (roll < 0.05) sim.restart(other.id);
    };
  }
  for (let i = 0; i < 40; i++) arm(processes[i % processes.length]!);
  for (const p of processes) p.onTimerDo!(0);
  sim.at(2_000_000, 'resume all', () => processes.forEach((p) => sim.resume(p.id)));
  expect(sim.run()).toBe('idle');
  return { logs: processes.map((p) => p.log), traceHash: sim.trace.hash(), steps: sim.steps };
}

describe('timer lanes', () => {
  it('fire every timeout at the moment, and in the order, a heap timer would', () => {
    const heap = busyProgram(false);
    const lanes = busyProgram(true);
    const fired = heap.logs.flat().filter((line) => line.startsWith('timer')).length;
    expect(fired).toBeGreaterThan(3_000);
    expect(lanes.logs).toEqual(heap.logs);
    expect(lanes.traceHash).toBe(heap.traceHash);
    // Timeouts cancelled behind their lane's head were dropped without a step.
    expect(lanes.steps).toBeLessThan(heap.steps);
  });

  it('drop the timeouts cancelled behind a lane head without a step, and count the waiting ones as pending', () => {
    const sim = new Simulation({ seed: 'lane-cancel' });
    const p = sim.add(new Recorder('p'));
    const handles = Array.from({ length: 100 }, (_, i) => p.armTimeout(1_000, i + 1));
    expect(sim.pendingEvents).toBe(100);
    for (const handle of handles.slice(0, 99)) p.cancelTimer(handle);
    expect(sim.run()).toBe('idle');
    expect(p.log.filter((line) => line.startsWith('timer'))).toEqual(['timer 100 @1000']);
    // The cancelled head still pops from the heap; the 98 behind it never reach it.
    expect(sim.steps).toBe(2);
    expect(sim.pendingEvents).toBe(0);
  });

  it('go to the heap past the lane cap, and still fire in order', () => {
    const sim = new Simulation({ seed: 'lane-cap' });
    const p = sim.add(new Recorder('p'));
    const delaysUs = Array.from({ length: MAX_TIMER_LANES + 10 }, (_, i) => 1_000 - i * 10);
    delaysUs.forEach((delayUs, i) => p.armTimeout(delayUs, i));
    expect(sim.run()).toBe('idle');
    const order = [...delaysUs.keys()].sort((a, b) => delaysUs[a]! - delaysUs[b]!);
    expect(p.log.filter((line) => line.startsWith('timer'))).toEqual(order.map((i) => `timer ${i} @${delaysUs[i]}`));
  });
});
