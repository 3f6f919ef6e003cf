// The oracle's record of datagrams the network lost, by type, link and time: what push-route asks
// before it holds a missing hint against a data centre whose links lose datagrams by design.
import { describe, expect, it } from 'vitest';
import { DatagramLosses } from '../../src/oracle/datagramLosses.js';
import { Simulation } from '../../src/sim/simulation.js';
import { ms } from '../../src/sim/time.js';
import { Recorder } from '../sim/recorder.js';

function sending(lossRate: number) {
  const sim = new Simulation({ seed: 'losses' });
  sim.network.defaultProfile = { latencyMedianUs: ms(1), latencyP99Us: ms(2), lossRate, duplicateRate: 0 };
  const a = sim.add(new Recorder('a'));
  const b = sim.add(new Recorder('b'));
  const losses = new DatagramLosses(sim, ['note']);
  // One datagram a -> b at 10, 20, ... 100 ms.
  for (let i = 1; i <= 10; i++) sim.at(ms(10 * i), 'send', () => a.send(b.id, a.note(i)));
  sim.run();
  return { losses, a, b };
}

describe('DatagramLosses', () => {
  it('knows when each lost datagram of a watched type was lost, on which link', () => {
    const { losses, a, b } = sending(1);
    expect(losses.lostBetween('note', a.id, b.id, ms(10), ms(12))).toBe(true);
    expect(losses.lostBetween('note', a.id, b.id, ms(95), ms(200))).toBe(true);
    // Between two sends, on the other direction, of another type: nothing.
    expect(losses.lostBetween('note', a.id, b.id, ms(13), ms(19))).toBe(false);
    expect(losses.lostBetween('note', b.id, a.id, 0, ms(200))).toBe(false);
    expect(losses.lostBetween('push-req', a.id, b.id, 0, ms(200))).toBe(false);
  });

  it('records nothing for datagrams delivered', () => {
    const { losses, a, b } = sending(0);
    expect(losses.lostBetween('note', a.id, b.id, 0, ms(200))).toBe(false);
  });
});
