// ConnectSvr: the access layer. Holds devices' long connections, answers heartbeats, forwards
// requests to the logic layer and responses and hints back, and tells PushSvr who is online.
// A crash drops every connection it holds (the kernel closes them).
import type { Connection } from '../sim/connection.js';
import { Process } from '../sim/process.js';
import type { Platform, SystemKnobs } from './config.js';
import { EV_LOGIN, EV_LOGIN_REFUSED } from './events.js';
import { route, type Topology } from './topology.js';
import type { DevicePresence, Wire } from './wire.js';

interface Session {
  readonly conn: Connection;
  device: number;
  user: number;
  platform: Platform;
  lastHeardUs: number;
}

const TIMER_SWEEP = 1;

export class ConnectSvr extends Process<Wire, null> {
  private sessions = new Map<number, Session>();
  private byDevice = new Map<number, Session>();
  /** Presence messages sent by this incarnation (see PresenceUp's stamp). */
  private stamps = 0;
  /** What a login costs now: the knob, or more while a reconnect storm slows the login path. */
  private loginServiceUs: number;

  constructor(
    name: string,
    private readonly knobs: SystemKnobs,
    private readonly topology: Topology,
  ) {
    super(name, 'server', null);
    this.loginServiceUs = knobs.loginServiceUs;
    this.idleClockFromLogin = knobs.mutants.has('idle-clock-from-login');
  }

  /** The planted bug 'idle-clock-from-login' counts a session's silence from its login alone (asked once: every message reads it). */
  private readonly idleClockFromLogin: boolean;

  /** A reconnect storm slows the login path (authentication, session store) to `us` a login; undefined: back to the knob. */
  slowLogins(us: number | undefined): void {
    this.loginServiceUs = us ?? this.knobs.loginServiceUs;
  }

  override serviceTimeUs(message: Wire): number {
    return message.type === 'hello' ? this.loginServiceUs : 0;
  }

  override queueCap(): number {
    return this.knobs.loginQueueCap;
  }

  /** The login queue is full: refuse the login at once, for the device to come back after its backoff. */
  override onQueueFull(conn: Connection, message: Wire): void {
    if (message.type !== 'hello') return;
    this.emit(EV_LOGIN_REFUSED, message.device, conn.id);
    this.sendOn(conn, { type: 'hello-busy' });
  }

  start(restarted: boolean): void {
    this.stamps = 0;
    this.sessions = new Map();
    this.byDevice = new Map();
    this.setTimer(this.knobs.heartbeatIntervalUs, TIMER_SWEEP);
    if (restarted) {
      const stamp = this.stamp();
      for (const pushSvr of this.topology.pushSvrs) this.send(pushSvr, { type: 'presence-reset', connectSvr: this.id, stamp });
    }
  }

  override onConnOpen(conn: Connection): void {
    this.sessions.set(conn.id, { conn, device: -1, user: -1, platform: 'android', lastHeardUs: this.nowUs });
  }

  override onConnClosed(conn: Connection): void {
    const session = this.sessions.get(conn.id);
    if (session !== undefined) this.forget(session);
  }

  override onConnMessage(conn: Connection, message: Wire): void {
    const session = this.sessions.get(conn.id);
    if (session === undefined) return;
    if (!this.idleClockFromLogin || message.type === 'hello') session.lastHeardUs = this.nowUs;
    switch (message.type) {
      case 'hello': {
        Object.assign(session, { device: message.device, user: message.user, platform: message.platform });
        const previous = this.byDevice.get(message.device);
        if (previous !== undefined && previous !== session) this.drop(previous);
        this.byDevice.set(message.device, session);
        this.emit(EV_LOGIN, message.device, conn.id);
        this.announce(session, route(this.topology.pushSvrs, session.user));
        this.sendOn(conn, { type: 'hello-ok' });
        return;
      }
      case 'heartbeat':
        this.sendOn(conn, { type: 'heartbeat-ack' });
        return;
      case 'send-req':
        if (session.device >= 0) this.send(route(this.topology.sendSvrs, session.user), { type: 'send-rpc', device: session.device, message: message.message });
        return;
      case 'pull-req':
        if (session.device >= 0) this.send(route(this.topology.receiveSvrs, session.user), { type: 'pull-rpc', device: session.device, req: message });
        return;
      default:
        super.onConnMessage(conn, message);
    }
  }

  override onMessage(from: number, message: Wire): void {
    switch (message.type) {
      case 'send-rpc-resp':
      case 'pull-rpc-resp':
        this.toDevice(message.device, message.resp);
        return;
      case 'notify-device':
        this.toDevice(message.device, { type: 'notify', msgId: message.msgId, entry: message.entry });
        return;
      case 'presence-sync-req':
        // A restarted PushSvr: the whole picture of its devices at once, stamped as one.
        this.sendPicture(from, this.devicesByPushSvr().get(from) ?? []);
        return;
      default:
        super.onMessage(from, message);
    }
  }

  override onTimer(tag: number, data: unknown): void {
    if (tag !== TIMER_SWEEP) return super.onTimer(tag, data);
    // Heartbeat timeout: the only way to learn that a half-open connection is gone. Skipping it is
    // the planted bug 'half-open-no-fallback': PushSvr keeps hinting into the void.
    // The planted bug 'connectsvr-no-idle-sweep' trusts connections to say when they close.
    if (!this.knobs.mutants.has('half-open-no-fallback') && !this.knobs.mutants.has('connectsvr-no-idle-sweep')) {
      const idleSinceUs = this.nowUs - this.knobs.serverIdleTimeoutUs;
      for (const session of [...this.sessions.values()]) if (session.lastHeardUs < idleSinceUs) this.drop(session);
    }
    // The planted bug 'no-presence-refresh' trusts every presence message to arrive.
    if (!this.knobs.mutants.has('no-presence-refresh')) this.refreshPresence();
    this.setTimer(this.knobs.heartbeatIntervalUs, TIMER_SWEEP);
  }

  /** Tells each PushSvr every device this ConnectSvr holds for it, repairing presence lost on the way. */
  private refreshPresence(): void {
    for (const [pushSvr, devices] of this.devicesByPushSvr()) this.sendPicture(pushSvr, devices);
  }

  /** The devices this ConnectSvr holds, by the PushSvr that serves their user (every PushSvr listed). */
  private devicesByPushSvr(): Map<number, DevicePresence[]> {
    const byPushSvr = new Map<number, DevicePresence[]>();
    for (const pushSvr of this.topology.pushSvrs) byPushSvr.set(pushSvr, []);
    for (const session of this.byDevice.values()) byPushSvr.get(route(this.topology.pushSvrs, session.user))!.push(this.presenceOf(session));
    return byPushSvr;
  }

  /** Every device this ConnectSvr holds for `pushSvr`, as of one stamp: a presence refresh. */
  private sendPicture(pushSvr: number, devices: DevicePresence[]): void {
    this.send(pushSvr, { type: 'presence-refresh', connectSvr: this.id, stamp: this.stamp(), devices });
  }

  /** The next presence stamp: rising within an incarnation, and each incarnation above the last. */
  private stamp(): number {
    return this.incarnation * 2 ** 32 + ++this.stamps;
  }

  private presenceOf({ device, user, platform, conn }: Session): DevicePresence {
    return { device, user, platform, connectSvr: this.id, connId: conn.id };
  }

  private toDevice(device: number, message: Wire): void {
    const session = this.byDevice.get(device);
    if (session !== undefined) this.sendOn(session.conn, message);
  }

  private announce(session: Session, pushSvr: number): void {
    this.send(pushSvr, { type: 'presence-up', ...this.presenceOf(session), stamp: this.stamp() });
  }

  private drop(session: Session): void {
    this.closeConnection(session.conn);
    this.forget(session);
  }

  private forget(session: Session): void {
    this.sessions.delete(session.conn.id);
    if (session.device < 0 || this.byDevice.get(session.device) !== session) return;
    this.byDevice.delete(session.device);
    this.send(route(this.topology.pushSvrs, session.user), { type: 'presence-down', device: session.device, connId: session.conn.id });
  }
}
