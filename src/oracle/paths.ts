// The processes each kind of journey crosses, and whether a fault touched any of them: a send (the
// sender's device and ConnectSvr, SendSvr, every target inbox's MsgStore shard and allocator), a hint
// (SendSvr, which asks for it, PushSvr, the receiver's ConnectSvr, the receiver), a platform push
// (SendSvr, PushSvr, the ConnectSvr that last held the device, the platform service, the device), a
// pull (the device, its ConnectSvr, ReceiveSvr and its MsgStore shard's primary, and every primary a failover
// replaced during the window: a pull of before went to it). A send's MsgStore
// is every replica of its shard (a commit needs a majority), and its allocator the whole section
// group and its max_seq store (whoever holds the lease).
import type { Disturbances } from './disturbances.js';
import type { DeviceFacts } from './ledger.js';
import type { MessageFacts } from './messageTable.js';
import type { Routes } from './routes.js';

export class Paths {
  /** Reused for every query: the processes of the journey asked about. */
  private readonly scratch: number[] = [];

  constructor(
    readonly routes: Routes,
    private readonly disturbances: Disturbances,
    /** The faults as PushSvr's picture of who is online sees them: a restarted ConnectSvr resets it at once. */
    private readonly presence: Disturbances,
  ) {}

  /** Whether a fault touched the send of `message` during [fromUs, toUs]. */
  sendTouched(message: MessageFacts, fromUs: number, toUs: number): boolean {
    return !this.disturbances.calmSince(fromUs) && this.touched(this.sendPath(message), fromUs, toUs);
  }

  /**
   * Whether a fault during [fromUs, toUs] touched `primary`, or so many of the other replicas of its
   * shard that too few were left calm to make a majority with it.
   */
  commitTouched(shard: number, primary: number, fromUs: number, toUs: number): boolean {
    if (this.disturbances.calmSince(fromUs)) return false;
    if (this.disturbances.touched(primary, fromUs, toUs)) return true;
    const group = this.routes.topology.msgStoreGroups[shard]!;
    let calm = 1;
    for (const store of group) if (store !== primary && !this.disturbances.touched(store, fromUs, toUs)) calm++;
    return calm < majority(group.length);
  }

  /** Whether a fault touched `device`'s hints or pulls (through `connectSvr`) during [fromUs, toUs]. */
  receiveTouched(device: DeviceFacts, fromUs: number, toUs: number, connectSvr = device.connectSvr): boolean {
    return !this.disturbances.calmSince(fromUs) && this.touched(this.receivePath(device, false, fromUs, connectSvr), fromUs, toUs);
  }

  /**
   * Whether a fault touched the hint of `message` to `device` through its long connection (on
   * `connectSvr`). With `sessionSinceUs`, a connection of the device's broken before that session
   * began (a half-open, a break) does not count: PushSvr hears of the new login at once, and a late
   * word of the old one must not undo it.
   */
  hintTouched(message: MessageFacts, device: DeviceFacts, fromUs: number, toUs: number, connectSvr = device.connectSvr, sessionSinceUs = -Infinity): boolean {
    return !this.disturbances.calmSince(fromUs) && this.touched(this.hintRoute(message, device, connectSvr), fromUs, toUs, device.id, sessionSinceUs);
  }

  /**
   * Whether a fault touched PushSvr's choice of a platform push for `message` to `device`: SendSvr,
   * PushSvr, the ConnectSvr that last held the device (as presence sees it: once restarted, it has
   * told PushSvr it holds nobody). Not the device (a phone that is off is exactly the one to push to;
   * see sessionEndedUnclean), nor the service (it takes the request even when off).
   */
  platformRouteTouched(message: MessageFacts, device: DeviceFacts, fromUs: number, toUs: number): boolean {
    if (this.disturbances.calmSince(fromUs)) return false;
    const route = this.hintRoute(message, device);
    route.length = 2; // SendSvr and PushSvr; the device's own ConnectSvr is gone with its session
    return this.touched(route, fromUs, toUs) || (device.lastConnectSvr >= 0 && this.presence.touched(device.lastConnectSvr, fromUs, toUs));
  }

  /**
   * Whether the device's session ended amid a fault of its own (a half-open link, an outage, a silent
   * loss): then its ConnectSvr may have been told nothing, and learns only at its idle timeout.
   */
  sessionEndedUnclean(device: DeviceFacts): boolean {
    return this.disturbances.touched(device.id, device.sessionSinceUs, device.sessionSinceUs);
  }

  /** Whether a fault touched what relays `message`'s attempts to SendSvr (any ConnectSvr, and SendSvr: a fault there may hold one back or replay it) during [fromUs, toUs]. */
  relayTouched(message: MessageFacts, fromUs: number, toUs: number): boolean {
    if (this.disturbances.calmSince(fromUs)) return false;
    const path = this.start();
    path.push(this.routes.sendSvrOf(message.user));
    this.connectSvrs(path, -1);
    return this.touched(path, fromUs, toUs);
  }

  /**
   * Whether a fault touched SendSvr's answer to `message` on its way back to `device` (SendSvr, the
   * ConnectSvr of the device's session, the device) during [fromUs, toUs]; a connection of the
   * device's broken before its session began does not count (the answer goes on the new one).
   */
  answerTouched(message: MessageFacts, device: DeviceFacts, fromUs: number, toUs: number): boolean {
    if (this.disturbances.calmSince(fromUs)) return false;
    const path = this.start();
    path.push(this.routes.sendSvrOf(message.user), device.id);
    this.connectSvrs(path, device.connectSvr);
    return this.touched(path, fromUs, toUs, device.id, device.sessionSinceUs);
  }

  /** Whether a fault touched the MsgStore shard of `user`'s inbox (any replica) during [fromUs, toUs]. */
  shardTouched(user: number, fromUs: number, toUs: number): boolean {
    return !this.disturbances.calmSince(fromUs) && this.touched(this.routes.msgStoresOf(user), fromUs, toUs);
  }

  /** Whether a fault touched any of `processes` during [fromUs, toUs]. */
  anyTouched(processes: readonly number[], fromUs: number, toUs: number): boolean {
    return this.touched(processes, fromUs, toUs);
  }

  /** Whether a fault touched `device` itself (its app or its link) during [fromUs, toUs]. */
  deviceTouched(device: DeviceFacts, fromUs: number, toUs: number): boolean {
    return this.disturbances.touched(device.id, fromUs, toUs);
  }

  /** Whether a fault touched `device` or the ConnectSvr its session was on during [fromUs, toUs]. */
  sessionTouched(device: DeviceFacts, connectSvr: number, fromUs: number, toUs: number): boolean {
    return this.deviceTouched(device, fromUs, toUs) || this.disturbances.touched(connectSvr, fromUs, toUs);
  }

  /** Whether a fault touched the hint of `message` to `device` or the pull it sets off. */
  hintAndPullTouched(message: MessageFacts, device: DeviceFacts, fromUs: number, toUs: number): boolean {
    return this.hintTouched(message, device, fromUs, toUs) || this.receiveTouched(device, fromUs, toUs);
  }

  /** Whether a fault touched the whole journey of `message` to `device` (on `connectSvr`) during [fromUs, toUs]. */
  deliveryTouched(message: MessageFacts, device: DeviceFacts, fromUs: number, toUs: number, connectSvr = device.connectSvr): boolean {
    return this.sendTouched(message, fromUs, toUs) || this.receiveTouched(device, fromUs, toUs, connectSvr);
  }

  /** When every process `device` receives through is clear of faults that reach past `fromUs`. */
  receiveClearUs(device: DeviceFacts, fromUs: number, platform: boolean): number {
    return this.clearUs(this.receivePath(device, platform, fromUs), fromUs);
  }

  sendClearUs(message: MessageFacts, fromUs: number): number {
    return this.clearUs(this.sendPath(message), fromUs);
  }

  /** Whether a fault touched the platform push path to `device` (its service) during [fromUs, toUs]. */
  platformTouched(device: DeviceFacts, fromUs: number, toUs: number): boolean {
    const service = this.routes.platformServiceOf(device.platform);
    return service !== undefined && this.disturbances.touched(service, fromUs, toUs);
  }

  private sendPath(message: MessageFacts): number[] {
    const path = this.start();
    const routes = this.routes;
    path.push(message.device, routes.sendSvrOf(message.user));
    this.connectSvrs(path, message.senderConnectSvr);
    for (const user of message.targets) path.push(...routes.msgStoresOf(user), ...routes.allocatorsOf(user));
    return path;
  }

  private hintRoute(message: MessageFacts, device: DeviceFacts, connectSvr = device.connectSvr): number[] {
    const route = this.start();
    route.push(this.routes.sendSvrOf(message.user), this.routes.pushSvrOf(device.user), device.id);
    this.connectSvrs(route, connectSvr);
    return route;
  }

  /** From `sinceUs`: a primary a failover has replaced since served the pulls of before. */
  private receivePath(device: DeviceFacts, platform: boolean, sinceUs: number, connectSvr = device.connectSvr): number[] {
    const path = this.start();
    const routes = this.routes;
    path.push(device.id, routes.pushSvrOf(device.user), routes.receiveSvrOf(device.user), routes.primaryOf(device.user));
    routes.addFormerPrimaries(path, device.user, sinceUs);
    this.connectSvrs(path, connectSvr);
    const service = platform ? routes.platformServiceOf(device.platform) : undefined;
    if (service !== undefined) path.push(service);
    return path;
  }

  /** The ConnectSvr a session is on, or every one when there is none yet (the next may be any). */
  private connectSvrs(path: number[], connectSvr: number): void {
    if (connectSvr >= 0) path.push(connectSvr);
    else path.push(...this.routes.connectSvrs);
  }

  private start(): number[] {
    this.scratch.length = 0;
    return this.scratch;
  }

  /** Whether a fault touched any process of `path`; on `device`, instant faults before `sinceUs` do not count. */
  private touched(path: readonly number[], fromUs: number, toUs: number, device = -1, sinceUs = -Infinity): boolean {
    for (const process of path) if (this.disturbances.touched(process, fromUs, toUs, process === device ? sinceUs : -Infinity)) return true;
    return false;
  }

  private clearUs(path: readonly number[], fromUs: number): number {
    let clearUs = fromUs;
    for (const process of path) clearUs = Math.max(clearUs, this.disturbances.clearUs(process, fromUs));
    return clearUs;
  }
}

/** A majority of a group of `size`: the oracle's own arithmetic, not the system's majorityOf (a slip there must not hide here). */
export function majority(size: number): number {
  return Math.floor(size / 2) + 1;
}
