// PushSvr: turns a new message into hints. A device with a live long connection is told through
// its ConnectSvr; any other device gets a platform push (APNs, WPPush, BBPush) if its platform has
// one. Presence (who is online where) is soft state: volatile, rebuilt from the ConnectSvrs after a
// restart, and refreshed by each ConnectSvr's sweep; of two logins of one device the newer wins.
import { IdMap } from '../sim/idMap.js';
import { IdSet } from '../sim/idSet.js';
import { Process } from '../sim/process.js';
import type { Platform, SystemKnobs } from './config.js';
import { EV_PUSH, EV_REGISTER_WRITE, EV_REGISTERED, PUSH_VIA_CONNECTION, PUSH_VIA_NONE, PUSH_VIA_PLATFORM } from './events.js';
import { platformServiceOf, type Topology } from './topology.js';
import type { DevicePresence, NotifyDevice, PushReq, Wire } from './wire.js';

interface Registration {
  readonly device: number;
  readonly platform: Platform;
}

export interface PushSvrDisk {
  /** Each user's registered devices and their platforms, in registration order (an array: a Map per user cost 150 bytes). */
  readonly devices: IdMap<readonly Registration[]>;
  /** Devices whose app was uninstalled: a late word of one of their logins must not register them again. */
  readonly uninstalled: IdSet;
}

/** Only under the planted bug 'slow-hint': how long each hint is held back. */
const SLOW_HINT_US = 1_500_000;
const TIMER_SLOW_HINT = 1;

interface Presence {
  readonly connectSvr: number;
  readonly connId: number;
  /** The stamp of the ConnectSvr's message that said so (see PresenceUp). */
  readonly stamp: number;
}

export class PushSvr extends Process<Wire, PushSvrDisk> {
  /**
   * Per device (process id), its login. IdMaps, not Maps: a lookup on every hint is an index, and
   * nothing depends on their order (dropping one device's login touches no other's).
   */
  private presence = new IdMap<Presence>();
  /**
   * Per device, the newest login known to be gone. Datagrams between servers can overtake each
   * other: a refresh sent before a device left must not bring back a login already reported gone.
   */
  private gone = new IdMap<number>();
  /**
   * Per ConnectSvr, the stamp of the latest full picture of its sessions (a refresh, a restart's
   * reset, the answer to a resync): word of a login stamped before it is stale, for the picture
   * holds that login if it still lasts. A restarted PushSvr knows nothing gone, so only this keeps
   * a late copy of a login that ended from coming back.
   */
  private pictured = new IdMap<number>();

  constructor(
    name: string,
    private readonly knobs: SystemKnobs,
    private readonly topology: Topology,
  ) {
    super(name, 'server', { devices: new IdMap(), uninstalled: new IdSet() });
  }

  start(restarted: boolean): void {
    this.presence = new IdMap();
    this.gone = new IdMap();
    this.pictured = new IdMap();
    if (restarted) for (const connectSvr of this.topology.connectSvrs) this.send(connectSvr, { type: 'presence-sync-req' });
  }

  /** Registers a device before the run starts (its app was installed earlier). */
  register(user: number, device: number, platform: Platform): void {
    const devices = this.durable.devices.get(user) ?? [];
    const registration = { device, platform };
    const at = devices.findIndex((r) => r.device === device);
    this.durable.devices.set(user, at < 0 ? devices.concat(registration) : devices.map((r, i) => (i === at ? registration : r)));
  }

  /** The app was uninstalled (the platform voids its push token): nothing is pushed to it again. */
  unregister(user: number, device: number): void {
    this.durable.devices.set(user, (this.durable.devices.get(user) ?? []).filter((r) => r.device !== device));
    this.durable.uninstalled.add(device);
  }

  override onMessage(from: number, message: Wire): void {
    switch (message.type) {
      case 'push-req':
        return this.push(message);
      case 'presence-up':
        return this.online(message, message.stamp);
      case 'presence-down':
        return this.offline(message.device, message.connId);
      // A restarted ConnectSvr holds none of its earlier life's devices: a picture with none.
      case 'presence-reset':
        return this.picture(message.connectSvr, message.stamp, []);
      case 'presence-refresh':
        return this.picture(message.connectSvr, message.stamp, message.devices);
      default:
        return super.onMessage(from, message);
    }
  }

  override onTimer(tag: number, data: unknown): void {
    if (tag !== TIMER_SLOW_HINT) return super.onTimer(tag, data);
    // The batch goes where the device's login is as it ends: the bug is the wait, not the route.
    const hint = data as NotifyDevice;
    const presence = this.presence.get(hint.device);
    if (presence !== undefined) this.send(presence.connectSvr, hint);
  }

  private online(message: DevicePresence, stamp: number): void {
    const known = this.presence.get(message.device);
    // A late word about an older login must not hide the newer one, nor revive one that is gone.
    const stale = (known !== undefined && known.connId > message.connId) || message.connId <= (this.gone.get(message.device) ?? 0) || stamp < (this.pictured.get(message.connectSvr) ?? 0);
    if (!stale) this.presence.set(message.device, { connectSvr: message.connectSvr, connId: message.connId, stamp: Math.max(stamp, known?.connId === message.connId ? known.stamp : 0) });
    if (!this.durable.uninstalled.has(message.device) && this.durable.devices.get(message.user)?.some((r) => r.device === message.device) !== true) {
      this.emit(EV_REGISTER_WRITE, message.user, message.device);
      this.persist(() => {
        this.register(message.user, message.device, message.platform);
        this.emit(EV_REGISTERED, message.user, message.device);
      }, 0);
    }
  }

  /**
   * `connectSvr` held exactly these devices as of `stamp` (a refresh, or a reset's none): add the
   * missing, and drop those it no longer had, unless it said they came online after (a later stamp).
   */
  private picture(connectSvr: number, stamp: number, devices: readonly DevicePresence[]): void {
    const held = new Set<number>();
    for (const presence of devices) {
      held.add(presence.device);
      this.online(presence, stamp);
    }
    this.presence.forEach((presence, device) => {
      if (presence.connectSvr === connectSvr && presence.stamp < stamp && !held.has(device)) this.offline(device, presence.connId);
    });
    this.pictured.set(connectSvr, Math.max(this.pictured.get(connectSvr) ?? 0, stamp));
  }

  /** The device's login `connId` is gone. */
  private offline(device: number, connId: number): void {
    this.gone.set(device, Math.max(this.gone.get(device) ?? 0, connId));
    // The planted bug 'presence-down-any-login' forgets the device's login whichever connection ended.
    if (this.presence.get(device)?.connId === connId || this.knobs.mutants.has('presence-down-any-login')) this.presence.delete(device);
  }

  private push(req: PushReq): void {
    const mutants = this.knobs.mutants;
    // The planted bug 'no-push': hints are never sent.
    if (mutants.has('no-push')) return;
    const { message } = req;
    // Under the planted bug 'push-carries-payload' the hint carries the message itself.
    const carryPayload = mutants.has('push-carries-payload');
    for (const target of req.targets) {
      const entry = carryPayload ? { seq: target.seq, message } : null;
      for (const { device, platform } of this.durable.devices.get(target.user) ?? []) {
        if (device === message.fromDevice) continue;
        const presence = this.presence.get(device);
        if (presence !== undefined) {
          this.emit(EV_PUSH, message.msgId, device, PUSH_VIA_CONNECTION);
          const hint: NotifyDevice = { type: 'notify-device', device, msgId: message.msgId, entry };
          // The planted bug 'slow-hint': each hint waits out a batching window first.
          if (mutants.has('slow-hint')) this.setTimer(SLOW_HINT_US, TIMER_SLOW_HINT, hint);
          else this.send(presence.connectSvr, hint);
          // The planted bug 'push-both-routes' rings the phone through its platform service too.
          if (!mutants.has('push-both-routes')) continue;
        }
        const service = platformServiceOf(platform);
        // The planted bug 'no-platform-fallback': a device without a long connection gets nothing.
        const serviceId = service === undefined || mutants.has('no-platform-fallback') ? undefined : this.topology.platformServices[service];
        if (serviceId === undefined) {
          if (presence === undefined) this.emit(EV_PUSH, message.msgId, device, PUSH_VIA_NONE);
          continue;
        }
        this.emit(EV_PUSH, message.msgId, device, PUSH_VIA_PLATFORM);
        this.send(serviceId, { type: 'platform-notify', device, msgId: message.msgId });
      }
    }
  }
}
