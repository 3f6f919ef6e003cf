// A simulated process (actor): it handles one event at a time, sends messages, sets timers and
// writes its disk. State comes in two kinds: `durable` survives a crash (the simulated disk), and
// everything else is volatile and must be rebuilt by `start` after a restart.
import type { Connection } from './connection.js';
import type { RandomStream } from './random.js';
import type { SimMessage, Simulation, TimerHandle } from './simulation.js';
import type { TraceKind } from './traceKinds.js';
import type { Undo } from './unsyncedWrites.js';

export interface DiskProfile {
  readonly writeMedianUs: number;
  readonly writeP99Us: number;
}

export const SSD_DISK: DiskProfile = { writeMedianUs: 500, writeP99Us: 4_000 };

export abstract class Process<M extends SimMessage = SimMessage, D = unknown> {
  /** Index in the simulation; set by Simulation.add. */
  id = -1;
  /** Bumped on every crash; timers and disk writes of an older incarnation never fire. */
  incarnation = 0;
  up = false;
  /**
   * The simulation this process is part of, set by Simulation.add. A plain field, not a checking
   * getter: every send, timer and trace event reads it, on a dozen process classes at one site.
   */
  sim!: Simulation;
  /**
   * This process's random streams by purpose (building the stream name on every draw was hot):
   * purpose, stream, purpose, stream, ... A process has a handful, and a Map cost 180 bytes a device.
   */
  private streams: readonly (string | RandomStream)[] = [];
  diskProfile: DiskProfile = SSD_DISK;

  /**
   * Held all run, so kept flat: V8 keeps a name built with `+` or a template ("device-u12345-0") as
   * a tree of its pieces, about 120 bytes against 32 (a big run has 100,000 devices).
   */
  readonly name: string;

  constructor(
    name: string,
    /** Network class, used to pick link profiles (e.g. "device", "server"). */
    readonly netClass: string,
    /** State on the simulated disk: kept across crashes, changed only by completed writes. */
    public durable: D,
  ) {
    // A join of its characters is one flat string (measured: a join of the whole name, slice and
    // concat keep the pieces).
    this.name = name.split('').join('');
  }

  /** Called by Simulation.add only. */
  attach(simulation: Simulation, id: number): void {
    this.sim = simulation;
    this.id = id;
  }

  get nowUs(): number {
    return this.sim.nowUs;
  }

  /** This machine's own clock, which a clock fault may have stepped (leases are read from it). */
  get localNowUs(): number {
    return this.sim.localNowUs(this.id);
  }

  /** (Re)builds all volatile state from `durable`; called at add and at every restart. */
  abstract start(restarted: boolean): void;

  onMessage(from: number, message: M): void {
    throw new Error(`${this.name} got unexpected message ${message.type} from process ${from}`);
  }
  onTimer(tag: number, _data: unknown): void {
    throw new Error(`${this.name} has no handler for timer ${tag}`);
  }
  onDiskWritten(_tag: number, _data: unknown): void {}
  onConnOpen(_conn: Connection): void {}
  onConnMessage(conn: Connection, message: M): void {
    throw new Error(`${this.name} got unexpected message ${message.type} on connection ${conn.id}`);
  }
  onConnClosed(_conn: Connection): void {}

  /** How long handling a request on a long connection occupies this process (0: none, no queue). */
  serviceTimeUs(_message: M): number {
    return 0;
  }

  /** Requests that may wait for service at once; one more is refused through onQueueFull. */
  queueCap(): number {
    return Infinity;
  }

  /** A request found the queue full: refuse it (answer busy), for the sender to come back later. */
  onQueueFull(_conn: Connection, _message: M): void {}

  send(to: number, message: M): void {
    this.sim.network.send(this.id, to, message);
  }

  /** Sends on a long connection; false if this end already knows it is closed. */
  sendOn(conn: Connection, message: M): boolean {
    return this.sim.network.sendOn(conn, this.id, message);
  }

  /** Starts opening a long connection to `server`. */
  openConnection(server: number): Connection {
    return this.sim.network.connect(this.id, server);
  }

  /** Closes this end of a long connection. */
  closeConnection(conn: Connection): void {
    this.sim.network.close(conn, this.id);
  }

  setTimer(delayUs: number, tag: number, data?: unknown): TimerHandle {
    return this.sim.setTimer(this, delayUs, tag, data);
  }

  /** A timer for a timeout that is usually cancelled before it fires (see Simulation.armTimeout). */
  armTimeout(delayUs: number, tag: number, data?: unknown): TimerHandle {
    return this.sim.armTimeout(this, delayUs, tag, data);
  }

  cancelTimer(timer: TimerHandle | undefined): void {
    if (timer !== undefined) this.sim.cancelTimer(timer);
  }

  /**
   * Applies `mutate` to durable state once the write completes, then calls onDiskWritten(tag, data).
   * Writes of one process complete in issue order; a crash before completion loses them. A write
   * is synced (fsync'd) unless `sync` is false: then `mutate` returns the closure that undoes it,
   * and a power loss within the OS's flush interval does (see unsyncedWrites.ts).
   */
  persist(mutate: (durable: D) => void, tag: number, data?: unknown): void;
  persist(mutate: (durable: D) => Undo, tag: number, data: unknown, options: { readonly sync: false }): void;
  persist(mutate: (durable: D) => Undo | void, tag: number, data?: unknown, options?: { readonly sync: boolean }): void {
    this.sim.persist(this as Process<SimMessage, unknown>, mutate as (durable: unknown) => Undo | void, tag, data, options?.sync !== false);
  }

  /** A named place between two steps where a fault may crash this process. */
  crashPoint(point: string): void {
    this.sim.crashPoint(this, point);
  }

  /** Records a trace event with this process as its actor. */
  emit(kind: TraceKind, a = 0, b = 0, c = 0, d = 0): void {
    this.sim.trace.emit(kind, this.id, a, b, c, d);
  }

  /** This process's own random stream for `purpose`. */
  random(purpose: string): RandomStream {
    const streams = this.streams;
    for (let i = 0; i < streams.length; i += 2) if (streams[i] === purpose) return streams[i + 1] as RandomStream;
    const stream = this.forkRandom(purpose);
    // concat leaves no slack (a push keeps room for 16 more).
    this.streams = streams.concat(purpose, stream);
    return stream;
  }

  /** The stream `random(purpose)` would make, uncached: for a caller that keeps many (random() looks through its few in turn). */
  protected forkRandom(purpose: string): RandomStream {
    return this.sim.random.fork(`${this.name}/${purpose}`);
  }
}
