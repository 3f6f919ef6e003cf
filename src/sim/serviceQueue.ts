// Service time and bounded queues: a request on a long connection that costs its server time (a
// process's serviceTimeUs says how much) waits in that server's FIFO queue and is handled when its
// turn is done, one at a time. A full queue refuses a new request at once through the process's
// onQueueFull (back-pressure: the process answers "busy"), never drops it silently. A request whose
// connection the server already knows is closed is skipped at no cost when its turn comes: its
// client gave up on it. Requests that cost nothing (the default) never queue.
import type { Connection } from './connection.js';
import type { Process } from './process.js';
import type { SimMessage, Simulation } from './simulation.js';
import { EV_SERVED } from './simulation.js';
import { defineTraceKind, hashString } from './traceKinds.js';

/** `waiting`: requests the queue held, counted here (an oracle checks a server's cap against it, not the server's own count). */
const TK_QUEUE_FULL = defineTraceKind('queue-full', ['conn', 'type', 'waiting']);
const TK_QUEUE_SKIP = defineTraceKind('queue-skip', ['conn', 'type']);

interface Request {
  readonly conn: Connection;
  readonly message: SimMessage;
  readonly serviceUs: number;
}

export class ServiceQueues {
  private readonly waiting: (Request[] | undefined)[] = [];
  private readonly busy: boolean[] = [];

  constructor(private readonly sim: Simulation) {}

  /** Queues a request that costs `serviceUs`, or refuses it if the server's queue is full. */
  enqueue(process: Process, conn: Connection, message: SimMessage, serviceUs: number): void {
    const queue = (this.waiting[process.id] ??= []);
    if (queue.length >= process.queueCap()) {
      this.sim.trace.emit(TK_QUEUE_FULL, process.id, conn.id, hashString(message.type), queue.length);
      process.onQueueFull(conn, message);
      return;
    }
    queue.push({ conn, message, serviceUs });
    if (this.busy[process.id] !== true) this.next(process);
  }

  /** A request's service is done (kernel dispatch of EV_SERVED): hand it to its handler, start the next. */
  served(process: Process, conn: Connection, message: SimMessage): void {
    this.busy[process.id] = false;
    this.next(process);
    if (conn.isOpenAt(process.id)) process.onConnMessage(conn, message);
  }

  /** A crash empties the process's queue: what it had read and not served is gone with its memory. */
  crashed(id: number): void {
    this.waiting[id] = undefined;
    this.busy[id] = false;
  }

  private next(process: Process): void {
    const queue = this.waiting[process.id];
    while (queue !== undefined && queue.length > 0) {
      const request = queue.shift()!;
      if (!request.conn.isOpenAt(process.id)) {
        this.sim.trace.emit(TK_QUEUE_SKIP, process.id, request.conn.id, hashString(request.message.type));
        continue;
      }
      this.busy[process.id] = true;
      this.sim.post(this.sim.nowUs + request.serviceUs, EV_SERVED, process.id, process.incarnation, 0, request.conn, request.message);
      return;
    }
  }
}
