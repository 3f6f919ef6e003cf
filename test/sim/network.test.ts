import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Connection } from '../../src/sim/connection.js';
import type { LinkProfile } from '../../src/sim/linkProfile.js';
import { Simulation } from '../../src/sim/simulation.js';
import { ms, sec } from '../../src/sim/time.js';
import { entries, Recorder } from './recorder.js';

const SLOW: LinkProfile = { latencyMedianUs: ms(20), latencyP99Us: ms(200), lossRate: 0, duplicateRate: 0 };

/** Whether each end (client, server) believes the connection is open. */
function openEnds(conn: Connection): [boolean, boolean] {
  return [conn.isOpen(0), conn.isOpen(1)];
}

function world(seed: string, profile: LinkProfile = SLOW) {
  const sim = new Simulation({ seed });
  sim.network.defaultProfile = profile;
  const client = sim.add(new Recorder('client'));
  const server = sim.add(new Recorder('server'));
  return { sim, client, server };
}

function open(seed: string): { sim: Simulation; client: Recorder; server: Recorder; conn: Connection } {
  const { sim, client, server } = world(seed);
  const conn = client.openConnection(server.id);
  sim.run();
  expect(openEnds(conn)).toEqual([true, true]);
  return { sim, client, server, conn };
}

const messagesOf = (r: Recorder) => entries(r.log, 'msg').map((line) => Number(line.split(' ')[1]));

describe('datagrams', () => {
  it('lose, duplicate and reorder at the profile rates', () => {
    const { sim, client, server } = world('lossy', { latencyMedianUs: ms(20), latencyP99Us: ms(400), lossRate: 0.2, duplicateRate: 0.1 });
    for (let i = 0; i < 5_000; i++) client.send(server.id, client.note(i));
    sim.run();
    const got = messagesOf(server);
    const distinct = new Set(got).size;
    expect(distinct / 5_000).toBeGreaterThan(0.77);
    expect(distinct / 5_000).toBeLessThan(0.83);
    expect((got.length - distinct) / distinct).toBeGreaterThan(0.08);
    expect(got).not.toEqual([...got].sort((a, b) => a - b));
  });

  it("replay copies at their own delay, the originals keeping the link's latency", () => {
    const replay = { medianUs: sec(2), p99Us: sec(3) };
    const { sim, client, server } = world('replay', { latencyMedianUs: ms(1), latencyP99Us: ms(5), lossRate: 0, duplicateRate: 0.5, replay });
    for (let i = 0; i < 2_000; i++) client.send(server.id, client.note(i));
    sim.run();
    const arrivals = new Map<number, number[]>();
    for (const line of entries(server.log, 'msg')) {
      const [, n, , , at] = line.split(' ');
      arrivals.set(Number(n), [...(arrivals.get(Number(n)) ?? []), Number(at!.slice(1))]);
    }
    const copies = [...arrivals.values()].filter((times) => times.length === 2);
    expect(copies.length / 2_000).toBeGreaterThan(0.45);
    expect(copies.length / 2_000).toBeLessThan(0.55);
    // Every original lands within the link's own tail; every copy seconds later.
    for (const [first, second] of copies) {
      expect(first!).toBeLessThan(ms(100));
      expect(second! - first!).toBeGreaterThan(ms(500));
    }
    const lateCopies = copies.map(([, second]) => second!).sort((a, b) => a - b);
    expect(lateCopies[Math.floor(lateCopies.length / 2)]!).toBeGreaterThan(sec(1.5));
  });

  it('respect one-way partitions until healed', () => {
    const { sim, client, server } = world('cut');
    const cut = sim.network.partition([client.id], [server.id], true);
    client.send(server.id, client.note(1));
    server.send(client.id, server.note(2));
    sim.run();
    expect(messagesOf(server)).toEqual([]);
    expect(messagesOf(client)).toEqual([2]);
    sim.network.heal(cut);
    client.send(server.id, client.note(3));
    sim.run();
    expect(messagesOf(server)).toEqual([3]);
  });

  it('respect two-way partitions', () => {
    const { sim, client, server } = world('cut2');
    sim.network.partition([client.id], [server.id]);
    client.send(server.id, client.note(1));
    server.send(client.id, server.note(2));
    sim.run();
    expect([...messagesOf(server), ...messagesOf(client)]).toEqual([]);
  });

  it('drop what was in flight across a partition when it began, and what was sent while it lasted', () => {
    const { sim, client, server } = world('cut-in-flight');
    client.send(server.id, client.note(1));
    client.send(server.id, client.note(2));
    server.send(client.id, server.note(3));
    // SLOW's latency is at least a few ms: all three are on the wire when the cut comes, one-way.
    const cut = sim.network.partition([client.id], [server.id], true);
    sim.run();
    expect(messagesOf(server)).toEqual([]);
    expect(messagesOf(client)).toEqual([3]);
    client.send(server.id, client.note(4));
    sim.network.heal(cut);
    // Sent while the cut lasted: lost at the send, whenever it would have arrived.
    client.send(server.id, client.note(5));
    sim.run();
    expect(messagesOf(server)).toEqual([5]);
  });

  it('hold everything to and from a stalled process until the stall ends', () => {
    const { sim, client, server } = world('stall');
    sim.network.stall(server.id, sec(5));
    client.send(server.id, client.note(1));
    sim.run();
    expect(entries(server.log, 'msg')).toEqual([`msg 1 from ${client.id} @${sec(5)}`]);
  });
});

describe('long connections', () => {
  it('carry messages in order each way, even on a lossy jittery link', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 60 }), (seed, count) => {
        const { sim, client, server } = world(String(seed), { latencyMedianUs: ms(20), latencyP99Us: ms(500), lossRate: 0.1, duplicateRate: 0.5 });
        let conn: Connection | undefined;
        for (let attempt = 0; attempt < 20 && !(conn !== undefined && openEnds(conn).every(Boolean)); attempt++) {
          conn = client.openConnection(server.id);
          sim.run();
        }
        for (let i = 0; i < count; i++) client.sendOn(conn!, client.note(i));
        sim.run();
        const got = entries(server.log, `conn ${conn!.id} msg`).map((line) => Number(line.split(' ')[3]));
        if (conn!.isOpen(1)) expect(got).toEqual([...Array(count).keys()]);
        else expect(got).toEqual([...Array(got.length).keys()]);
      }),
      { numRuns: 50 },
    );
  });

  it('tell both ends at once on a clean break, and drop what was in flight', () => {
    const { sim, client, server, conn } = open('break');
    client.sendOn(conn, client.note(1));
    sim.network.breakConnection(conn);
    sim.run();
    expect(client.log).toContain(`closed ${conn.id}`);
    expect(server.log).toContain(`closed ${conn.id}`);
    expect(entries(server.log, 'conn')).toEqual([]);
    expect(client.sendOn(conn, client.note(2))).toBe(false);
  });

  it('tell nobody on a half-open break: messages vanish and each end still thinks it is open', () => {
    const { sim, client, server, conn } = open('half');
    sim.network.halfOpen(conn);
    expect(client.sendOn(conn, client.note(1))).toBe(true);
    expect(server.sendOn(conn, server.note(2))).toBe(true);
    sim.run();
    expect(entries(server.log, 'conn')).toEqual([]);
    expect(entries(client.log, 'conn')).toEqual([]);
    expect(entries(client.log, 'closed')).toEqual([]);
    expect(openEnds(conn)).toEqual([true, true]);
    // The client's own timeout closes its end; the server is not told.
    client.closeConnection(conn);
    sim.run();
    expect(openEnds(conn)).toEqual([false, true]);
    expect(entries(server.log, 'closed')).toEqual([]);
  });

  it('close the peer end after a one-way delay when one end closes', () => {
    const { sim, client, server, conn } = open('close');
    server.closeConnection(conn);
    expect(openEnds(conn)).toEqual([true, false]);
    sim.run();
    expect(client.log).toContain(`closed ${conn.id}`);
    expect(conn.finished).toBe(true);
    expect(sim.network.connectionsOfProcess(client.id)).toEqual([]);
  });

  it('close every connection of a crashed process; peers hear unless the crash is silent', () => {
    const loud = open('crash');
    loud.sim.crash(loud.server.id);
    loud.sim.run();
    expect(loud.client.log).toContain(`closed ${loud.conn.id}`);

    const quiet = open('crash');
    quiet.sim.crash(quiet.server.id, 'power', true);
    quiet.sim.run();
    expect(entries(quiet.client.log, 'closed')).toEqual([]);
    expect(openEnds(quiet.conn)).toEqual([true, false]);
  });

  it("list each process's connections in the order made, through closes down to one and none", () => {
    const { sim, client, server } = world('many');
    const other = sim.add(new Recorder('other'));
    const [a, b, c] = [client.openConnection(server.id), other.openConnection(server.id), client.openConnection(server.id)];
    sim.run();
    const ids = (process: number) => sim.network.connectionsOfProcess(process).map((conn) => conn.id);
    expect([ids(server.id), ids(client.id), ids(other.id)]).toEqual([[a.id, b.id, c.id], [a.id, c.id], [b.id]]);
    client.closeConnection(a);
    sim.run();
    expect([ids(server.id), ids(client.id)]).toEqual([[b.id, c.id], [c.id]]);
    const d = client.openConnection(server.id);
    sim.run();
    expect([ids(server.id), ids(client.id)]).toEqual([[b.id, c.id, d.id], [c.id, d.id]]);
    // A crash closes every connection of the process, and its peers' lists lose them.
    sim.crash(server.id);
    sim.run();
    expect([ids(server.id), ids(client.id), ids(other.id)]).toEqual([[], [], []]);
    expect(entries(other.log, 'closed')).toEqual([`closed ${b.id}`]);
  });

  it('never opens when the server is unreachable or down', () => {
    const partitioned = world('no-route');
    partitioned.sim.network.partition([partitioned.client.id], [partitioned.server.id]);
    const a = partitioned.client.openConnection(partitioned.server.id);
    partitioned.sim.run();
    expect(openEnds(a)).toEqual([false, false]);

    const down = world('down');
    down.sim.crash(down.server.id);
    const b = down.client.openConnection(down.server.id);
    down.sim.run();
    expect(openEnds(b)).toEqual([false, false]);
    expect(entries(down.client.log, 'open')).toEqual([]);
  });
});

describe('counts', () => {
  function watched(sim: Simulation) {
    const seen = { delivered: 0, dropped: 0, pairs: new Set<string>() };
    sim.network.watch('note', (to, from, delivered) => {
      seen.pairs.add(`${from}->${to}`);
      seen[delivered ? 'delivered' : 'dropped']++;
    });
    return seen;
  }

  it('count every datagram once, delivered or lost, and tell watchers which', () => {
    const { sim, client, server } = world('counts', { latencyMedianUs: ms(20), latencyP99Us: ms(400), lossRate: 0.2, duplicateRate: 0 });
    const seen = watched(sim);
    for (let i = 0; i < 2_000; i++) client.send(server.id, client.note(i));
    sim.run();
    expect(sim.network.messagesOf('note')).toBe(2_000);
    expect(seen.delivered).toBe(entries(server.log, 'msg').length);
    expect(seen.dropped).toBe(2_000 - seen.delivered);
    expect(seen.dropped).toBeGreaterThan(300);
    expect([...seen.pairs]).toEqual([`${client.id}->${server.id}`]);
    expect([sim.network.receivedBy(server.id), sim.network.receivedBy(client.id)]).toEqual([seen.delivered, 0]);
    expect(sim.network.messagesOf('no-such-type')).toBe(0);
  });

  it('count connection messages that reach a closed end as dropped', () => {
    const { sim, client, server, conn } = open('conn-counts');
    const before = sim.network.receivedBy(server.id);
    const seen = watched(sim);
    for (let i = 0; i < 100; i++) client.sendOn(conn, client.note(i));
    sim.run();
    for (let i = 0; i < 100; i++) client.sendOn(conn, client.note(i));
    server.closeConnection(conn);
    sim.run();
    expect([sim.network.messagesOf('note'), seen.delivered, seen.dropped]).toEqual([200, 100, 100]);
    expect(sim.network.receivedBy(server.id) - before).toBe(100);
  });

  it("count each process's completed disk writes, not those a crash lost", () => {
    const { sim, client, server } = world('disk');
    for (let i = 0; i < 5; i++) client.write(i);
    sim.run();
    server.write(1);
    sim.crash(server.id);
    sim.run();
    expect([sim.diskWritesOf(client.id), sim.diskWritesOf(server.id)]).toEqual([5, 0]);
  });
});
