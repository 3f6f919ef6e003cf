// Service time, bounded queues and bandwidth in the kernel: requests on a long connection that cost
// their server time are handled one at a time in arrival order; a full queue refuses the next one
// through the server (never a silent drop); a request whose connection closed while it waited is
// skipped at no cost; a crash empties the queue. A link with a bandwidth delivers a message after
// the bytes sent before it, then its own size over the bandwidth.
import { describe, expect, it } from 'vitest';
import type { Connection } from '../../src/sim/connection.js';
import type { LinkProfile } from '../../src/sim/linkProfile.js';
import { Simulation } from '../../src/sim/simulation.js';
import { ms } from '../../src/sim/time.js';
import { Recorder, type Note } from './recorder.js';

/** Fixed 1 ms latency, no loss: arrival times are exact. */
const FIXED: LinkProfile = { latencyMedianUs: ms(1), latencyP99Us: ms(1), lossRate: 0, duplicateRate: 0 };

/** A server whose every note costs 10 ms, with room for two waiting. */
class Busy extends Recorder {
  override serviceTimeUs(): number {
    return ms(10);
  }
  override queueCap(): number {
    return 2;
  }
  override onQueueFull(conn: Connection, message: Note): void {
    this.log.push(`refused ${message.n} on ${conn.id}`);
  }
  override onConnMessage(_conn: Connection, message: Note): void {
    this.log.push(`served ${message.n} @${this.nowUs}`);
  }
}

function opened(profile: LinkProfile = FIXED) {
  const sim = new Simulation({ seed: 'service' });
  sim.network.defaultProfile = profile;
  const client = sim.add(new Recorder('client'));
  const server = sim.add(new Busy('server'));
  const conn = client.openConnection(server.id);
  sim.run();
  return { sim, client, server, conn };
}

const served = (server: Recorder) => server.log.filter((line) => line.startsWith('served') || line.startsWith('refused'));

describe('service queues', () => {
  it('serve one request at a time in arrival order, and refuse through the server once the queue is full', () => {
    const { sim, client, server, conn } = opened();
    const sentUs = sim.nowUs;
    for (let n = 1; n <= 5; n++) client.sendOn(conn, client.note(n));
    sim.run();
    // All five arrive at sentUs + 1 ms: the first is served at once (for 10 ms), two wait, two are refused.
    const arrivedUs = sentUs + ms(1);
    expect(served(server)).toEqual([`refused 4 on ${conn.id}`, `refused 5 on ${conn.id}`, `served 1 @${arrivedUs + ms(10)}`, `served 2 @${arrivedUs + ms(20)}`, `served 3 @${arrivedUs + ms(30)}`]);
  });

  it('skip a request whose connection closed while it waited, at no cost to the ones behind it', () => {
    const { sim, client, server, conn } = opened();
    const other = client.openConnection(server.id);
    sim.run();
    const sentUs = sim.nowUs;
    client.sendOn(conn, client.note(1));
    client.sendOn(other, client.note(2));
    client.sendOn(conn, client.note(3));
    sim.at(sentUs + ms(5), 'client gives up', () => client.closeConnection(other));
    sim.run();
    const arrivedUs = sentUs + ms(1);
    expect(served(server)).toEqual([`served 1 @${arrivedUs + ms(10)}`, `served 3 @${arrivedUs + ms(20)}`]);
  });

  it('lose what was queued when the server crashes, and serve afresh after its restart', () => {
    const { sim, client, server, conn } = opened();
    for (let n = 1; n <= 3; n++) client.sendOn(conn, client.note(n));
    sim.at(sim.nowUs + ms(5), 'crash', () => sim.crash(server.id));
    sim.run();
    expect(served(server)).toEqual([]);
    sim.restart(server.id);
    const again = client.openConnection(server.id);
    sim.run();
    const sentUs = sim.nowUs;
    client.sendOn(again, client.note(4));
    sim.run();
    expect(served(server)).toEqual([`served 4 @${sentUs + ms(11)}`]);
  });
});

describe('bandwidth on a long connection', () => {
  it('delivers each message after the bytes ahead of it, then its own size over the bandwidth', () => {
    // 80 kbit/s is 10 bytes a millisecond: a 1,000-byte note takes 100 ms to leave.
    const { sim, client, server, conn } = opened({ ...FIXED, bandwidthKbps: 80 });
    sim.network.sizeOf = () => 1_000;
    const sentUs = sim.nowUs;
    client.sendOn(conn, client.note(1));
    client.sendOn(conn, client.note(2));
    sim.run();
    expect(served(server)).toEqual([`served 1 @${sentUs + ms(100 + 1 + 10)}`, `served 2 @${sentUs + ms(200 + 1 + 10)}`]);
  });
});
