// A platform push service (APNs, WPPush, BBPush): best effort. A hint may be late, dropped, or
// coalesced with a newer one while it waits; hints to different devices arrive in any order; and
// the whole service can be switched off.
import { Process } from '../sim/process.js';
import type { PlatformPushKnobs } from './config.js';
import { EV_PLATFORM_LOST, EV_PLATFORM_REQUEST, EV_PLATFORM_SENT, PLATFORM_COALESCED, PLATFORM_DROPPED, PLATFORM_OFF } from './events.js';
import type { PlatformNotify, Wire } from './wire.js';

const TIMER_DELIVER = 1;

export class PlatformPushService extends Process<Wire, null> {
  /** When coalescing: the latest hint waiting for each device. */
  private pending = new Map<number, number>();
  /** Faults switch the service off and on during a run. */
  enabled: boolean;

  constructor(
    name: string,
    private readonly knobs: PlatformPushKnobs,
  ) {
    super(name, 'platform', null);
    this.enabled = knobs.enabled;
  }

  start(): void {
    this.pending = new Map();
  }

  override onMessage(from: number, message: Wire): void {
    if (message.type !== 'platform-notify') return super.onMessage(from, message);
    this.notify(message);
  }

  override onTimer(tag: number, data: unknown): void {
    if (tag !== TIMER_DELIVER) return super.onTimer(tag, data);
    const { device } = data as PlatformNotify;
    let { msgId } = data as PlatformNotify;
    if (this.knobs.coalesce) {
      msgId = this.pending.get(device) ?? msgId;
      this.pending.delete(device);
    }
    this.emit(EV_PLATFORM_SENT, msgId, device);
    this.send(device, { type: 'platform-wake', msgId });
  }

  private notify({ device, msgId }: PlatformNotify): void {
    this.emit(EV_PLATFORM_REQUEST, msgId, device);
    if (!this.enabled) {
      this.emit(EV_PLATFORM_LOST, msgId, device, PLATFORM_OFF);
      return;
    }
    const waiting = this.pending.get(device);
    if (waiting !== undefined) {
      this.emit(EV_PLATFORM_LOST, waiting, device, PLATFORM_COALESCED);
      this.pending.set(device, msgId);
      return;
    }
    const random = this.random('delivery');
    if (random.bernoulli(this.knobs.dropRate)) {
      this.emit(EV_PLATFORM_LOST, msgId, device, PLATFORM_DROPPED);
      return;
    }
    if (this.knobs.coalesce) this.pending.set(device, msgId);
    this.setTimer(random.latency(this.knobs.delayMedianUs, this.knobs.delayP99Us), TIMER_DELIVER, { device, msgId });
  }
}
