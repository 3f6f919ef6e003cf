import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/sim/simulation.js';
import { ms } from '../../src/sim/time.js';
import { traceKindByName } from '../../src/sim/traceKinds.js';
import { entries, Recorder } from './recorder.js';

describe('processes', () => {
  it('fires timers in time order and never fires a cancelled one', () => {
    const sim = new Simulation({ seed: 't' });
    const p = sim.add(new Recorder('p'));
    p.setTimer(ms(3), 3);
    const cancelled = p.setTimer(ms(2), 2);
    p.setTimer(ms(1), 1);
    p.setTimer(ms(1), 11);
    p.cancelTimer(cancelled);
    expect(sim.run()).toBe('idle');
    expect(entries(p.log, 'timer')).toEqual(['timer 1 @1000', 'timer 11 @1000', 'timer 3 @3000']);
  });

  it('on crash loses timers, volatile state and unfinished disk writes, and keeps durable state', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 1, max: 10_000 }), (crashAtUs, downUs) => {
        const sim = new Simulation({ seed: `crash-${crashAtUs}` });
        const p = sim.add(new Recorder('p'));
        p.volatileCounter = 7;
        for (let i = 0; i < 10; i++) p.write(i);
        const writeDoneAtUs: number[] = [];
        sim.trace.on(traceKindByName('disk-written')!, (timeUs) => writeDoneAtUs.push(timeUs));
        p.setTimer(crashAtUs + 1, 99);
        sim.at(crashAtUs, 'crash', () => sim.crash(p.id));
        sim.at(crashAtUs + downUs, 'restart', () => sim.restart(p.id));
        sim.run();
        // Exactly the writes that completed before the crash are on disk, in issue order.
        const completed = writeDoneAtUs.filter((t) => t <= crashAtUs).length;
        expect(writeDoneAtUs.length).toBe(completed);
        expect(p.durable.written).toEqual([...Array(completed).keys()]);
        expect(entries(p.log, 'timer')).toEqual([]);
        expect(p.volatileCounter).toBe(0);
        expect(p.starts).toBe(2);
        expect(p.incarnation).toBe(1);
      }),
      { numRuns: 100 },
    );
  });

  it('drops messages that reach a crashed process, and takes them again after restart', () => {
    const sim = new Simulation({ seed: 'down' });
    const a = sim.add(new Recorder('a'));
    const b = sim.add(new Recorder('b'));
    sim.crash(b.id);
    a.send(b.id, a.note(1));
    sim.run();
    sim.restart(b.id);
    a.send(b.id, a.note(2));
    sim.run();
    expect(entries(b.log, 'msg').map((line) => line.split(' @')[0])).toEqual(['msg 2 from 0']);
  });

  it('ends the handler at an armed crash point and crashes the process there', () => {
    const sim = new Simulation({ seed: 'point' });
    const p = sim.add(new Recorder('p'));
    const reached: string[] = [];
    sim.crashHook = { crashPointReached: (process, point) => process === p && point === 'between' };
    p.onTimerDo = () => {
      reached.push('before');
      p.crashPoint('between');
      reached.push('after');
    };
    p.setTimer(ms(1), 1);
    expect(sim.run()).toBe('idle');
    expect(reached).toEqual(['before']);
    expect(p.up).toBe(false);
  });

  it('reports a handler that throws, with the process name and time', () => {
    const sim = new Simulation({ seed: 'throw' });
    const p = sim.add(new Recorder('thrower'));
    p.onTimerDo = () => {
      throw new Error('boom');
    };
    p.setTimer(ms(5), 1);
    expect(() => sim.run()).toThrow(/thrower threw at 5000us: boom/);
  });
});
