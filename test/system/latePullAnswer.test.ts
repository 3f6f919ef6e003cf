// A link slower than the pull timeout: every answer comes after the device has already retried.
// The late answer to an earlier try from the same cursor still answers the question, so the device
// catches up instead of retrying forever (the retry livelock seen on group-storm seed 146's 2G link).
import { describe, expect, it } from 'vitest';
import { ms, sec } from '../../src/sim/time.js';
import { heldBy, inboxOf, runTo, testWorld } from './harness.js';
import { Observer } from './observe.js';

describe('late pull answers', () => {
  it('a device whose every pull times out before its answer arrives still catches up', () => {
    // Device hops take milliseconds; a 1 ms pull timeout fires before any answer can come back.
    const world = testWorld({ users: [['android'], ['android']], knobs: { pullTimeoutUs: ms(1) } });
    const observer = new Observer(world);
    const [sender] = world.devicesOf(0);
    const [receiver] = world.devicesOf(1);
    const sent: number[] = [];
    for (let i = 0; i < 10; i++) world.sim.at(sec(2) + i * ms(500), 'compose', () => sent.push(world.compose(sender!, { toUser: 1 })!));
    runTo(world, sec(30));

    expect(sent).toHaveLength(10);
    expect(heldBy(receiver!)).toEqual(inboxOf(world, 1));
    expect(receiver!.durable.seqCli).toBe(10);
    for (const msg of sent) expect(observer.storeCount(receiver!, msg), `msg ${msg}`).toBe(1);
  });
});
