// Delivery latency: from the moment the user pressed send to the moment the message is stored on
// each receiving device, in virtual time, split by how the device was reached.
import type { Simulation } from '../sim/simulation.js';
import type { SystemKnobs } from '../system/config.js';
import { EV_COMPOSE, EV_SEND_DEFERRED, EV_STORE, SESSION_FOREGROUND, SESSION_WOKEN } from '../system/events.js';
import type { FaultCounts } from './faultCounts.js';
import type { Ledger } from './ledger.js';
import { percentiles, type Percentiles } from './percentiles.js';

/**
 * healthy: sender and receiver both had a live foreground connection since before the send, and no
 * scheduled fault was active or recent (within its shadow, faultShadowUs) from the send to the delivery;
 * woken: the receiver was a background app woken by a platform push or background fetch;
 * reconnected: anything else (the receiver connected, or reconnected, after the send; or the
 * sender was told to slow down by anti-spam, so the message waited on purpose).
 */
export const DEVICE_CLASSES = ['healthy', 'reconnected', 'woken'] as const;
export type DeviceClass = (typeof DEVICE_CLASSES)[number];

/**
 * How long a fault's effects may linger after it ends, from the run's own knobs: a half-open link
 * is found only by the device's heartbeat timeout, then the reconnect backs off up to its cap and
 * may wait out a connect timeout.
 */
export function faultShadowUs(knobs: SystemKnobs): number {
  return knobs.deviceHeartbeatTimeoutUs + knobs.reconnectCapUs + knobs.connectTimeoutUs;
}

export interface Delivery {
  readonly msgId: number;
  readonly device: number;
  readonly latencyUs: number;
}

export class LatencyRecorder {
  private readonly samples: Record<DeviceClass, number[]> = { healthy: [], reconnected: [], woken: [] };
  /** The slowest healthy delivery, for a latency violation report. */
  slowestHealthy: Delivery | undefined;

  constructor(sim: Simulation, ledger: Ledger, faults: FaultCounts, shadowUs: number) {
    sim.trace.on(EV_COMPOSE, (timeUs, device, msgId) => {
      const sender = ledger.device(device);
      ledger.message(msgId).senderHealthy = sender.sessionKind === SESSION_FOREGROUND && sender.sessionSinceUs <= timeUs;
    });
    // A deferred send waited by policy, not for the system: its sender no longer counts as healthy.
    sim.trace.on(EV_SEND_DEFERRED, (_t, _device, msgId) => {
      ledger.message(msgId).senderHealthy = false;
    });
    sim.trace.on(EV_STORE, (timeUs, device, msgId) => {
      const message = ledger.message(msgId);
      if (device === message.device) return;
      const latencyUs = timeUs - message.composedUs;
      const receiver = ledger.device(device);
      let deviceClass: DeviceClass = 'reconnected';
      if (receiver.sessionKind === SESSION_WOKEN) deviceClass = 'woken';
      else if (
        receiver.sessionKind === SESSION_FOREGROUND &&
        receiver.sessionSinceUs <= message.composedUs &&
        message.senderHealthy &&
        faults.active === 0 &&
        faults.lastFaultEventUs + shadowUs < message.composedUs
      ) {
        deviceClass = 'healthy';
      }
      this.samples[deviceClass].push(latencyUs);
      if (deviceClass === 'healthy' && latencyUs > (this.slowestHealthy?.latencyUs ?? -1)) this.slowestHealthy = { msgId, device, latencyUs };
    });
  }

  /** Every delivery's latency so far, per class, in recording order. */
  samplesUs(): Readonly<Record<DeviceClass, readonly number[]>> {
    return this.samples;
  }

  byClass(): Record<DeviceClass, Percentiles> {
    return { healthy: percentiles(this.samples.healthy), reconnected: percentiles(this.samples.reconnected), woken: percentiles(this.samples.woken) };
  }

  all(): Percentiles {
    return percentiles([...this.samples.healthy, ...this.samples.reconnected, ...this.samples.woken]);
  }
}
