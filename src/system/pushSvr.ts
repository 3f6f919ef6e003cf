// PushSvr: turns a new message into hints. A device with a live long connection is told through
// its ConnectSvr; any other device gets a platform push (APNs, WPPush, BBPush) if its platform has
// one. Presence (who is online where) is volatile and rebuilt from the ConnectSvrs after a restart.
import { Process } from '../sim/process.js';
import type { Platform, SystemKnobs } from './config.js';
import { EV_PUSH, PUSH_VIA_CONNECTION, PUSH_VIA_NONE, PUSH_VIA_PLATFORM } from './events.js';
import { platformServiceOf, type Topology } from './topology.js';
import type { PresenceUp, PushReq, Wire } from './wire.js';

export interface PushSvrDisk {
  /** Each user's registered devices and their platforms, in registration order. */
  readonly devices: Map<number, Map<number, Platform>>;
}

interface Presence {
  readonly connectSvr: number;
  readonly connId: number;
}

export class PushSvr extends Process<Wire, PushSvrDisk> {
  private presence = new Map<number, Presence>();

  constructor(
    name: string,
    private readonly knobs: SystemKnobs,
    private readonly topology: Topology,
  ) {
    super(name, 'server', { devices: new Map() });
  }

  start(restarted: boolean): void {
    this.presence = new Map();
    if (restarted) for (const connectSvr of this.topology.connectSvrs) this.send(connectSvr, { type: 'presence-sync-req' });
  }

  /** Registers a device before the run starts (its app was installed earlier). */
  register(user: number, device: number, platform: Platform): void {
    const devices = this.durable.devices.get(user) ?? new Map<number, Platform>();
    devices.set(device, platform);
    this.durable.devices.set(user, devices);
  }

  override onMessage(from: number, message: Wire): void {
    switch (message.type) {
      case 'push-req':
        return this.push(message);
      case 'presence-up':
        return this.online(message);
      case 'presence-down':
        if (this.presence.get(message.device)?.connId === message.connId) this.presence.delete(message.device);
        return;
      case 'presence-reset':
        for (const [device, presence] of this.presence) if (presence.connectSvr === message.connectSvr) this.presence.delete(device);
        return;
      default:
        return super.onMessage(from, message);
    }
  }

  private online(message: PresenceUp): void {
    this.presence.set(message.device, { connectSvr: message.connectSvr, connId: message.connId });
    if (this.durable.devices.get(message.user)?.has(message.device) !== true) {
      this.persist(() => this.register(message.user, message.device, message.platform), 0);
    }
  }

  private push(req: PushReq): void {
    const { message } = req;
    // Under the planted bug 'push-carries-payload' the hint carries the message itself.
    const carryPayload = this.knobs.mutants.has('push-carries-payload');
    for (const target of req.targets) {
      const entry = carryPayload ? { seq: target.seq, message } : null;
      for (const [device, platform] of this.durable.devices.get(target.user) ?? []) {
        if (device === message.fromDevice) continue;
        const presence = this.presence.get(device);
        if (presence !== undefined) {
          this.emit(EV_PUSH, message.msgId, device, PUSH_VIA_CONNECTION);
          this.send(presence.connectSvr, { type: 'notify-device', device, msgId: message.msgId, entry });
          continue;
        }
        const service = platformServiceOf(platform);
        const serviceId = service === undefined ? undefined : this.topology.platformServices[service];
        if (serviceId === undefined) {
          this.emit(EV_PUSH, message.msgId, device, PUSH_VIA_NONE);
          continue;
        }
        this.emit(EV_PUSH, message.msgId, device, PUSH_VIA_PLATFORM);
        this.send(serviceId, { type: 'platform-notify', device, msgId: message.msgId });
      }
    }
  }
}
