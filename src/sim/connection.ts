// A long connection (a device's TCP link to the access layer). While both ends have it open it
// carries messages in order, each direction FIFO. Each end has its own view: after a half-open
// break one end may still think it is open, and only its own heartbeat timeout tells it otherwise.

export const CLIENT_END = 0;
export const SERVER_END = 1;

/** Bits of Connection.flags, shifted left by the end: its view (open), and whether its TCP is giving up. */
const OPEN = 1;
const GIVING_UP = 4;

export class Connection {
  /**
   * Whether each end (CLIENT_END, SERVER_END) believes the connection is open, and whether each
   * end's TCP is already retransmitting to a peer that will never answer: bits, and the times below
   * in fields, as a device holds one connection all run (four pair arrays cost 250 bytes each).
   */
  private flags = 0;
  /** The client end is finished with it: closed, crashed, or gave up before it opened. */
  clientDone = false;
  /** Set by a half-open break: everything sent either way vanishes and nobody is told. */
  blackhole = false;
  /** Arrival time of the last message queued towards each end. */
  private lastArrivalAtClientUs = 0;
  private lastArrivalAtServerUs = 0;
  /** When each end's sender is done putting its queued bytes on the link. */
  private clientSendFreeUs = 0;
  private serverSendFreeUs = 0;

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
    return this.isOpen(this.endOf(process));
  }

  /** Neither end has it open, nor ever will again. */
  get finished(): boolean {
    return this.clientDone && !this.isOpen(SERVER_END);
  }

  isOpen(end: number): boolean {
    return (this.flags & (OPEN << end)) !== 0;
  }

  setOpen(end: number, open: boolean): void {
    this.flags = open ? this.flags | (OPEN << end) : this.flags & ~(OPEN << end);
  }

  isGivingUp(end: number): boolean {
    return (this.flags & (GIVING_UP << end)) !== 0;
  }

  /** This end's TCP starts giving up (it never stops: the connection is dead to it). */
  giveUp(end: number): void {
    this.flags |= GIVING_UP << end;
  }

  /** Arrival time of the last message queued towards `end`. */
  lastArrivalUs(end: number): number {
    return end === CLIENT_END ? this.lastArrivalAtClientUs : this.lastArrivalAtServerUs;
  }

  setLastArrivalUs(end: number, us: number): void {
    if (end === CLIENT_END) this.lastArrivalAtClientUs = us;
    else this.lastArrivalAtServerUs = us;
  }

  /** When `end`'s sender is done putting its queued bytes on the link. */
  sendFreeUs(end: number): number {
    return end === CLIENT_END ? this.clientSendFreeUs : this.serverSendFreeUs;
  }

  setSendFreeUs(end: number, us: number): void {
    if (end === CLIENT_END) this.clientSendFreeUs = us;
    else this.serverSendFreeUs = us;
  }
}
