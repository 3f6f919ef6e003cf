// A small world that exercises every kernel feature (long connections with heartbeats, datagrams
// with loss and duplication, disk writes, crashes, partitions, half-open links) without any chat
// logic. Determinism tests and the kernel benchmark run it.
import type { Connection } from '../sim/connection.js';
import { Process } from '../sim/process.js';
import { Simulation, type SimMessage } from '../sim/simulation.js';
import { ms, sec } from '../sim/time.js';

interface Echo extends SimMessage {
  readonly type: 'ping' | 'pong' | 'heartbeat' | 'datagram';
  readonly n: number;
}

const TIMER_SEND = 1;
const TIMER_HEARTBEAT = 2;
const TIMER_RECONNECT = 3;
const HEARTBEAT_INTERVAL_US = sec(1);
const HEARTBEAT_TIMEOUT_US = sec(3);

class EchoServer extends Process<Echo, { served: number }> {
  constructor(name: string) {
    super(name, 'server', { served: 0 });
  }
  start(): void {}
  override onConnMessage(conn: Connection, message: Echo): void {
    if (message.type === 'heartbeat') {
      this.sendOn(conn, message);
      return;
    }
    // Reply only after the count is durable.
    this.persist((durable) => durable.served++, 0, { conn, n: message.n });
  }
  override onDiskWritten(_tag: number, data: unknown): void {
    const { conn, n } = data as { conn: Connection; n: number };
    this.sendOn(conn, { type: 'pong', n });
  }
  override onMessage(): void {}
}

class EchoClient extends Process<Echo, { pongs: number }> {
  private conn: Connection | undefined = undefined;
  private lastHeardUs = 0;
  private sent = 0;

  constructor(name: string, private readonly server: number, private readonly peer: number) {
    super(name, 'client', { pongs: 0 });
  }

  start(): void {
    this.conn = undefined;
    this.connect();
    this.setTimer(this.random('send').exponential(ms(200)), TIMER_SEND);
    this.setTimer(HEARTBEAT_INTERVAL_US, TIMER_HEARTBEAT);
  }

  override onTimer(tag: number): void {
    if (tag === TIMER_SEND) {
      this.sent++;
      if (this.conn?.isOpenAt(this.id)) this.sendOn(this.conn, { type: 'ping', n: this.sent });
      this.send(this.peer, { type: 'datagram', n: this.sent });
      this.setTimer(this.random('send').exponential(ms(200)), TIMER_SEND);
    } else if (tag === TIMER_HEARTBEAT) {
      const conn = this.conn;
      if (conn !== undefined && this.nowUs - this.lastHeardUs > HEARTBEAT_TIMEOUT_US) {
        this.closeConnection(conn);
        this.conn = undefined;
        this.setTimer(this.random('backoff').int(ms(100), ms(500)), TIMER_RECONNECT);
      } else if (conn?.isOpenAt(this.id)) {
        this.sendOn(conn, { type: 'heartbeat', n: 0 });
      }
      this.setTimer(HEARTBEAT_INTERVAL_US, TIMER_HEARTBEAT);
    } else if (tag === TIMER_RECONNECT) {
      this.connect();
    }
  }

  override onConnOpen(): void {
    this.lastHeardUs = this.nowUs;
  }

  override onConnMessage(_conn: Connection, message: Echo): void {
    this.lastHeardUs = this.nowUs;
    if (message.type === 'pong') this.persist((durable) => durable.pongs++, 0);
  }

  override onConnClosed(): void {
    this.conn = undefined;
    this.setTimer(this.random('backoff').int(ms(100), ms(500)), TIMER_RECONNECT);
  }

  private connect(): void {
    this.conn = this.openConnection(this.server);
    this.lastHeardUs = this.nowUs;
  }
}

class DatagramSink extends Process<Echo, { received: number }> {
  constructor(name: string) {
    super(name, 'server', { received: 0 });
  }
  start(): void {}
  override onMessage(): void {
    this.durable.received++;
  }
}

export interface EchoWorldResult {
  readonly traceHash: string;
  readonly steps: number;
  readonly traceEvents: number;
  readonly pongsPerClient: number[];
}

export function runEchoWorld(seed: string, clients = 20, durationUs = sec(10)): EchoWorldResult {
  const sim = new Simulation({ seed });
  sim.network.setClassProfile('client', 'server', { latencyMedianUs: ms(30), latencyP99Us: ms(300), lossRate: 0.05, duplicateRate: 0.02 });
  sim.network.setClassProfile('server', 'client', { latencyMedianUs: ms(30), latencyP99Us: ms(300), lossRate: 0.05, duplicateRate: 0 });
  const server = sim.add(new EchoServer('server'));
  const sink = sim.add(new DatagramSink('sink'));
  const echoClients: EchoClient[] = [];
  for (let i = 0; i < clients; i++) echoClients.push(sim.add(new EchoClient(`client-${i}`, server.id, sink.id)));

  sim.at(sec(3), 'crash server', () => sim.crash(server.id));
  sim.at(sec(4), 'restart server', () => sim.restart(server.id));
  sim.at(sec(5), 'partition', () => {
    const cut = sim.network.partition(echoClients.slice(0, 5).map((c) => c.id), [server.id]);
    sim.at(sec(6), 'heal', () => sim.network.heal(cut));
  });
  sim.at(sec(6.5), 'half-open', () => {
    for (const conn of sim.network.connectionsOfProcess(echoClients[clients - 1]!.id)) sim.network.halfOpen(conn);
  });
  sim.run(durationUs);
  return {
    traceHash: sim.trace.hash(),
    steps: sim.steps,
    traceEvents: sim.trace.count,
    pongsPerClient: echoClients.map((c) => c.durable.pongs),
  };
}
