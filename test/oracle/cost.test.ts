// Cost metrics come from the trace alone. A hand-built exchange between two phones is counted
// exactly (every pull, entry, hint, datagram, byte and disk write accounted for); a full run's
// figures agree with a recount over its kept trace; the same seed gives the same figures; and a
// MsgStore that is down owes more appends than one that is up.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { costFigures } from '../../src/oracle/costFigures.js';
import { Oracle } from '../../src/oracle/oracle.js';
import { ENTRY_BYTES, LINK_CLASSES, WIRE_SIZES, WIRE_TYPES } from '../../src/oracle/wireSizes.js';
import { runOne } from '../../src/run/runOne.js';
import { Simulation } from '../../src/sim/simulation.js';
import { ms } from '../../src/sim/time.js';
import { hashString } from '../../src/sim/traceKinds.js';
import { DEFAULT_KNOBS, type SystemKnobs } from '../../src/system/config.js';
import { EV_PULL, EV_PUSH, PUSH_VIA_CONNECTION } from '../../src/system/events.js';
import { emptyTopology } from '../../src/system/topology.js';
import type { Wire } from '../../src/system/wire.js';
import { DEFAULT_DEVICE_LINK, World } from '../../src/system/world.js';
import { runTo } from '../system/harness.js';
import { baseline, spec } from './specs.js';

/** Two users with one phone each, watched by an oracle: user 0 writes to user 1, who answers. */
function exchange() {
  const sim = new Simulation({ seed: 'cost' });
  const knobs: SystemKnobs = { ...DEFAULT_KNOBS, mutants: new Set() };
  const topology = emptyTopology();
  const oracle = new Oracle(sim, { directory: { users: 2, groups: [], blacklist: [] }, knobs, initialSeq: 0, deviceLink: DEFAULT_DEVICE_LINK, topology, latencyBoundUs: 100_000 });
  const world = new World(sim, { users: [['android'], ['android']], groups: [], blacklist: [], knobs, initialSeq: 0, deviceLink: DEFAULT_DEVICE_LINK }, topology);
  runTo(world, ms(1_000));
  world.compose(world.devicesOf(0)[0]!, { toUser: 1 });
  runTo(world, ms(3_000));
  world.compose(world.devicesOf(1)[0]!, { toUser: 0 });
  // Before the first heartbeat (10 s) and presence refresh: only the exchange is on the wire.
  runTo(world, ms(6_000));
  return oracle.cost.result(oracle.messageCounts().acked);
}

describe('cost of a hand-built exchange', () => {
  const cost = exchange();

  it('counts each pull by reason, what each read returned, and the entry sent back to the phone that held it', () => {
    expect(cost.deliveries).toBe(2);
    expect(cost.ackedSends).toBe(2);
    // Each phone pulls on connect (nothing there yet) and on its hint.
    expect(cost.pullsByReason).toEqual({ connect: 2, notify: 2, platform: 0, periodic: 0, retry: 0, more: 0, again: 0 });
    expect(cost.pulls).toBe(4);
    expect(cost.pullsPerDelivery).toBe(2);
    expect(cost.emptyPulls).toBe(2);
    // User 1's phone reads user 0's message; user 0's phone reads its own message (held since its
    // ack: the redundant entry) and the answer.
    expect(cost.entriesSent).toBe(3);
    expect(cost.redundantEntries).toBe(1);
    expect(cost.hints).toBe(2);
    expect(cost.hintsPerDelivery).toBe(1);
    expect(cost.platformPushes).toBe(0);
  });

  it('counts every datagram between servers by type, and the bytes on each link by the size model', () => {
    // Per message: the send RPC and its answer, an append to each of the two inboxes (each
    // allocating a seq), the push request and one hint; per pull: the pull RPC and a MsgStore read;
    // per phone: its login announced to PushSvr.
    const rpcs: Partial<Record<Wire['type'], number>> = {
      'send-rpc': 2, 'send-rpc-resp': 2, 'append-req': 4, 'append-resp': 4, 'alloc-req': 4, 'alloc-resp': 4, 'push-req': 2, 'notify-device': 2,
      'pull-rpc': 4, 'pull-rpc-resp': 4, 'read-req': 4, 'read-resp': 4, 'presence-up': 2,
    };
    // Replicated storage's own: each append copied to its shard's two other replicas (and acked),
    // the allocator's max_seq write to its store; and the lease its owner renews all along.
    const storage = { replicate: 8, 'replicate-ack': 8, 'maxseq-write': 1, 'maxseq-resp': 1 };
    const leaseReqs = cost.rpcsByType['lease-req']!;
    const leaseResps = cost.rpcsByType['lease-resp']!;
    expect(leaseReqs).toBeGreaterThanOrEqual(4);
    expect(leaseReqs - leaseResps).toBeGreaterThanOrEqual(0);
    expect(leaseReqs - leaseResps).toBeLessThanOrEqual(2);
    const all = { ...rpcs, ...storage, 'lease-req': leaseReqs, 'lease-resp': leaseResps };
    expect(cost.rpcsByType).toEqual(all);
    expect(cost.rpcs).toBe(42 + 18 + leaseReqs + leaseResps);
    expect(cost.rpcsPerSend).toBe(cost.rpcs / 2);
    const bytesOf = (counts: Partial<Record<Wire['type'], number>>) => Object.entries(counts).reduce((sum, [type, n]) => sum + WIRE_SIZES[type as Wire['type']].bytes * n!, 0);
    // Each page's entries cross two data-centre hops; each push request lists the two inboxes; each
    // of the four commits is copied to two replicas.
    expect(cost.wireBytes.dataCentre).toBe(bytesOf(all) + 2 * 3 * ENTRY_BYTES + 2 * 2 * WIRE_SIZES['push-req'].itemBytes! + 4 * 2 * WIRE_SIZES.replicate.itemBytes!);
    const deviceLink = { hello: 2, 'hello-ok': 2, 'pull-req': 4, 'pull-resp': 4, 'send-req': 2, 'send-resp': 2, notify: 2 };
    expect(cost.wireBytes.device).toBe(bytesOf(deviceLink) + 3 * ENTRY_BYTES);
    expect(cost.wireBytes.platformPush).toBe(0);
    expect(cost.wireBytes.total).toBe(cost.wireBytes.device + cost.wireBytes.dataCentre);
  });

  it('counts disk writes, allocator persists, and the load on each server kind', () => {
    // Per message: SendSvr's admission and done records, and two inbox writes, each on a primary
    // and its two replicas; the allocator persists the section once, in its max_seq store, which
    // also recorded the lease it granted.
    expect(cost.allocPersists).toBe(1);
    expect(cost.diskWrites.servers).toBe(2 * 2 + 2 * 2 * 3 + 1 + 1);
    expect(cost.diskWritesPerMessage).toBe(9);
    // Per send: outbox, ack settled, and the sender's own copy stored; per pull: the page, then the cursor.
    expect(cost.diskWrites.devices).toBe(2 * 3 + 4 * 2);
    expect(cost.servers.sendsvr).toMatchObject({ instances: 2, peakQueue: 1, busyTimeMs: null });
    // Each message owes an append to each user's inbox, and the users' inboxes live on different MsgStores.
    expect(cost.servers.msgstore.peakQueue).toBe(1);
    expect(cost.servers.receivesvr.peakQueue).toBe(1);
    expect(cost.servers.connectsvr.peakQueue).toBeGreaterThanOrEqual(1);
    expect(cost.servers.pushsvr.peakQueue).toBeNull();
    // MsgStore's primaries handled four appends, their four seqs, their four inbox writes, four reads
    // and eight replica acks, and each wrote its (empty) log tail as it took over at the start; the
    // replicas, eight batches and their eight writes.
    expect(cost.servers.msgstore.handled).toBe(4 * 4 + 8 + 2 + 8 + 8);
  });
});

describe('cost of a whole run, and the model behind it', () => {
  it('is the size model the README documents, row for row', () => {
    const rows = readFileSync('README.md', 'utf8').matchAll(/^\| `([a-z-]+)`((?:, `[a-z-]+`)*) \| (device|data centre|platform push) \| (\d+) \|(?: (\d+) per [a-z ]+)? \|$/gm);
    const documented = [...rows].flatMap(([, first, more, link, bytes, itemBytes]) =>
      [first!, ...[...more!.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]!)].map((type) => [type, { link, bytes: Number(bytes), itemBytes: itemBytes === undefined ? undefined : Number(itemBytes) }]),
    );
    const linkNames = { device: 'device', dataCentre: 'data centre', platformPush: 'platform push' };
    expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(WIRE_TYPES.map((wire) => [wire.type, { link: linkNames[wire.link], bytes: wire.bytes, itemBytes: wire.itemBytes }])));
  });

  it('agrees with a recount over the kept trace', () => {
    const { result, sim } = runOne(baseline(1), { keepAll: true });
    const records = sim.trace.records()!;
    const { cost } = result;
    expect(cost.pulls).toBe(records.filter((r) => r.kind === EV_PULL.name).length);
    expect(cost.hints).toBe(records.filter((r) => r.kind === EV_PUSH.name && r.fields['via'] === PUSH_VIA_CONNECTION).length);
    const dataCentre = new Set(Object.entries(WIRE_SIZES).filter(([, size]) => size.link === 'dataCentre').map(([type]) => hashString(type)));
    expect(cost.rpcs).toBe(records.filter((r) => (r.kind === 'net-deliver' || r.kind === 'net-drop') && dataCentre.has(r.fields['type']!)).length);
    // No reinstall: every device that got a message is still installed at the end.
    expect(cost.deliveries).toBe(result.messages.deliveries);
    expect(cost.pulls).toBe(Object.values(cost.pullsByReason).reduce((a, b) => a + b, 0));
    expect(cost.wireBytes.total).toBe(LINK_CLASSES.reduce((sum, link) => sum + cost.wireBytes[link], 0));
    expect(cost.redundantEntries).toBeGreaterThan(0);
    expect(cost.redundantEntries).toBeLessThanOrEqual(cost.entriesSent);
  });

  it('gives the same figures for the same seed', () => {
    expect(costFigures(runOne(baseline(3)).result.cost)).toEqual(costFigures(runOne(baseline(3)).result.cost));
  });

  it('shows the appends a crashed MsgStore owes piling up', () => {
    const up = runOne(spec({ name: 'store' }, 2)).result.cost.servers.msgstore.peakQueue!;
    const down = runOne(spec({ name: 'store', faults: [{ at: 10_000, for: 20_000, kind: 'crash', target: 'msgstore-0' }] }, 2)).result.cost.servers.msgstore.peakQueue!;
    expect(up).toBeGreaterThan(0);
    expect(down).toBeGreaterThan(2 * up);
  });
});
