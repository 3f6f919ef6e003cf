// The kernel's support for storage faults: a paused process holds its events until it resumes; a
// process's own clock can be stepped; a power loss undoes the writes not yet synced.
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/sim/simulation.js';
import { ms, sec } from '../../src/sim/time.js';
import { UNSYNCED_FLUSH_US } from '../../src/sim/unsyncedWrites.js';
import { entries, Recorder } from './recorder.js';

/** An unsynced write of `value`, undone by removing it again. */
function writeUnsynced(p: Recorder, value: number): void {
  p.persist(
    (durable) => {
      durable.written.push(value);
      return () => durable.written.splice(durable.written.lastIndexOf(value), 1);
    },
    value,
    undefined,
    { sync: false },
  );
}

describe('pause', () => {
  it('holds timers, messages and disk completions of a paused process, then runs them in due order at resume', () => {
    const sim = new Simulation({ seed: 'pause' });
    const a = sim.add(new Recorder('a'));
    const b = sim.add(new Recorder('b'));
    b.setTimer(ms(2), 1);
    const cancelled = b.setTimer(ms(150), 2);
    b.setTimer(ms(300), 3);
    sim.at(ms(1), 'pause', () => sim.pause(b.id));
    sim.at(ms(3), 'send', () => a.send(b.id, a.note(7)));
    sim.at(ms(100), 'write', () => b.write(5));
    // A timer cancelled while held never fires: its handle stayed valid.
    sim.at(ms(250), 'cancel', () => b.cancelTimer(cancelled));
    sim.at(sec(1), 'resume', () => sim.resume(b.id));
    sim.run();
    const fired = b.log.filter((line) => !line.startsWith('start'));
    expect(fired.map((line) => line.split(' @')[0])).toEqual(['timer 1', 'msg 7 from 0', 'disk 5', 'timer 3']);
    expect(fired.every((line) => line.endsWith(`@${sec(1)}`))).toBe(true);
    expect(b.durable.written).toEqual([5]);
  });

  it('a crash ends the pause: held timers and unfinished writes of the old life are gone', () => {
    const sim = new Simulation({ seed: 'pause-crash' });
    const p = sim.add(new Recorder('p'));
    sim.at(ms(1), 'pause', () => sim.pause(p.id));
    sim.at(ms(1), 'timer and write', () => {
      p.setTimer(ms(1), 1);
      p.write(9);
    });
    sim.at(ms(50), 'crash', () => sim.crash(p.id));
    sim.at(ms(60), 'restart', () => sim.restart(p.id));
    sim.run();
    expect(sim.isPaused(p.id)).toBe(false);
    expect(entries(p.log, 'timer')).toEqual([]);
    expect(p.durable.written).toEqual([]);
    expect(p.up).toBe(true);
  });
});

describe('local clocks', () => {
  it('reads the simulation clock until set off it, then keeps the offset; timers are not moved', () => {
    const sim = new Simulation({ seed: 'clock' });
    const p = sim.add(new Recorder('p'));
    const q = sim.add(new Recorder('q'));
    const seen: number[] = [];
    p.onTimerDo = () => seen.push(p.localNowUs, q.localNowUs);
    sim.at(ms(10), 'skew', () => sim.setClockOffset(p.id, -ms(300)));
    p.setTimer(ms(20), 1);
    sim.run();
    expect(seen).toEqual([ms(20) - ms(300), ms(20)]);
    expect(entries(p.log, 'timer')).toEqual([`timer 1 @${ms(20)}`]);
  });
});

describe('power loss', () => {
  it('undoes completed unsynced writes newer than the flush interval, newest first, and keeps synced ones', () => {
    const sim = new Simulation({ seed: 'power' });
    const p = sim.add(new Recorder('p'));
    // 1 is written back by the OS before the power goes; 2 is flushed by the synced write 3; 4 and 5 are lost.
    sim.at(0, 'old', () => writeUnsynced(p, 1));
    sim.at(UNSYNCED_FLUSH_US + sec(1), 'flushed by sync', () => writeUnsynced(p, 2));
    sim.at(UNSYNCED_FLUSH_US + sec(2), 'sync', () => p.write(3));
    sim.at(UNSYNCED_FLUSH_US + sec(3), 'lost', () => {
      writeUnsynced(p, 4);
      writeUnsynced(p, 5);
    });
    sim.at(UNSYNCED_FLUSH_US + sec(4), 'power loss', () => sim.powerLoss(p.id));
    sim.run();
    expect(p.up).toBe(false);
    expect(p.durable.written).toEqual([1, 2, 3]);
  });

  it('is a plain crash for a process that synced every write', () => {
    const sim = new Simulation({ seed: 'power-synced' });
    const p = sim.add(new Recorder('p'));
    sim.at(0, 'writes', () => [1, 2, 3].forEach((v) => p.write(v)));
    sim.at(sec(1), 'power loss', () => sim.powerLoss(p.id));
    sim.run();
    expect(p.durable.written).toEqual([1, 2, 3]);
  });

  it('refuses an unsynced write that brings no undo', () => {
    const sim = new Simulation({ seed: 'power-no-undo' });
    const p = sim.add(new Recorder('p'));
    (p.persist as (mutate: () => void, tag: number, data: unknown, options: { sync: false }) => void)(() => {}, 1, undefined, { sync: false });
    expect(() => sim.run()).toThrow(/must return the closure that undoes it/);
  });
});
