// A long connection (a device's TCP link to the access layer). While both ends have it open it
// carries messages in order, each direction FIFO. Each end has its own view: after a half-open
// break one end may still think it is open, and only its own heartbeat timeout tells it otherwise.

export const CLIENT_END = 0;
export const SERVER_END = 1;

export class Connection {
  /** Whether each end (CLIENT_END, SERVER_END) believes the connection is open. */
  readonly open: [boolean, boolean] = [false, false];
  /** The client end is finished with it: closed, crashed, or gave up before it opened. */
  clientDone = false;
  /** Set by a half-open break: everything sent either way vanishes and nobody is told. */
  blackhole = false;
  /** Arrival time of the last message queued in each direction (index: receiving end). */
  readonly lastArrivalUs: [number, number] = [0, 0];
  /** When each end's sender is done putting its queued bytes on the link (index: sending end). */
  readonly sendFreeUs: [number, number] = [0, 0];
  /** Whether each end's TCP is already retransmitting to a peer that will never answer. */
  readonly givingUp: [boolean, boolean] = [false, false];

  constructor(
    readonly id: number,
    readonly client: number,
    readonly server: number,
  ) {}

  /** Which end `process` is; throws if it is neither. */
  endOf(process: number): number {
    if (process === this.client) return CLIENT_END;
    if (process === this.server) return SERVER_END;
    throw new RangeError(`process ${process} is not an end of connection ${this.id}`);
  }

  peerOf(process: number): number {
    return this.endOf(process) === CLIENT_END ? this.server : this.client;
  }

  isOpenAt(process: number): boolean {
    return this.open[this.endOf(process)]!;
  }

  /** Neither end has it open, nor ever will again. */
  get finished(): boolean {
    return this.clientDone && !this.open[SERVER_END];
  }
}
