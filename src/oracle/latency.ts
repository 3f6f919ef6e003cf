// Delivery latency: from the moment the user pressed send to the moment the message is stored on
// each receiving device, in virtual time, split by how the device was reached.
import type { Simulation } from '../sim/simulation.js';
import { EV_SEND_ACKED, EV_STORE, SESSION_FOREGROUND, SESSION_WOKEN } from '../system/events.js';
import { catchUpUs, type Bounds } from './bounds.js';
import { histogramOf } from './histogram.js';
import type { Ledger } from './ledger.js';
import type { Paths } from './paths.js';
import { percentiles, type Percentiles } from './percentiles.js';
import type { ClassLatency } from './pooledLatency.js';

/**
 * healthy: sender and receiver both had a live foreground connection since before the send (the
 * sender's never dropped, its send never deferred by anti-spam), and no fault touched any process
 * on the way (the sender's device and ConnectSvr, SendSvr, every target inbox's MsgStore and
 * allocator, PushSvr, the receiver's ConnectSvr, ReceiveSvr, the receiver) from the send to the
 * delivery, nor in the tail of one (see Disturbances);
 * woken: the receiver was a background app woken by a platform push or background fetch;
 * reconnected: anything else (the receiver connected, or reconnected, after the send; a fault on
 * the way; or anti-spam made the message wait on purpose).
 */
export const DEVICE_CLASSES = ['healthy', 'reconnected', 'woken'] as const;
export type DeviceClass = (typeof DEVICE_CLASSES)[number];

/**
 * The bound beside each class's figures. healthy: the scenario's p99 SLO (judged on a sweep's pooled
 * deliveries; each healthy delivery also has a hard deadline from SendSvr's ack). reconnected: the
 * catch-up deadline of one page, counted from the session start. woken: the wake deadline of one
 * page, counted from the commit.
 */
export function classBoundsUs(bounds: Bounds, latencyBoundUs: number): Record<DeviceClass, number> {
  return { healthy: latencyBoundUs, reconnected: catchUpUs(bounds, 1), woken: bounds.backgroundWakeUs + catchUpUs(bounds, 1) };
}

export interface Delivery {
  readonly msgId: number;
  readonly device: number;
  readonly latencyUs: number;
}

export class LatencyRecorder {
  private readonly samples: Record<DeviceClass, number[]> = { healthy: [], reconnected: [], woken: [] };
  /** From pressing send to seeing the ack, for every acked send. */
  private readonly ackSamples: number[] = [];
  /** The slowest healthy delivery (the report's example when nothing failed). */
  slowestHealthy: Delivery | undefined;

  constructor(sim: Simulation, ledger: Ledger, paths: Paths) {
    sim.trace.on(EV_STORE, (timeUs, device, msgId) => {
      const message = ledger.message(msgId);
      if (device === message.device) return;
      const latencyUs = timeUs - message.composedUs;
      const receiver = ledger.device(device);
      const sender = ledger.device(message.device);
      let deviceClass: DeviceClass = 'reconnected';
      if (receiver.sessionKind === SESSION_WOKEN) deviceClass = 'woken';
      else if (
        receiver.sessionKind === SESSION_FOREGROUND &&
        receiver.sessionSinceUs <= message.composedUs &&
        message.senderHealthy &&
        sender.sessionEpoch === message.senderEpoch &&
        !paths.deliveryTouched(message, receiver, message.composedUs, timeUs)
      ) {
        deviceClass = 'healthy';
      }
      this.samples[deviceClass].push(latencyUs);
      if (deviceClass === 'healthy' && latencyUs > (this.slowestHealthy?.latencyUs ?? -1)) this.slowestHealthy = { msgId, device, latencyUs };
    });
    sim.trace.on(EV_SEND_ACKED, (timeUs, _device, msgId) => {
      const message = ledger.message(msgId);
      if (message.ackedUs === timeUs) this.ackSamples.push(timeUs - message.composedUs);
    });
  }

  ack(): Percentiles {
    return percentiles(this.ackSamples);
  }

  /** Each class's deliveries as a sweep pools them: count, how many over `boundsUs`, the slowest, a histogram. */
  pooled(boundsUs: Record<DeviceClass, number>): Record<DeviceClass, ClassLatency> {
    const pool = (deviceClass: DeviceClass): ClassLatency => {
      const samples = this.samples[deviceClass];
      return {
        count: samples.length,
        boundMs: boundsUs[deviceClass] / 1000,
        overBound: samples.filter((latencyUs) => latencyUs > boundsUs[deviceClass]).length,
        maxMs: samples.reduce((max, latencyUs) => Math.max(max, latencyUs), 0) / 1000,
        histogram: histogramOf(samples),
      };
    };
    return { healthy: pool('healthy'), reconnected: pool('reconnected'), woken: pool('woken') };
  }

  /** Every delivery's latency so far, per class, in recording order. */
  samplesUs(): Readonly<Record<DeviceClass, readonly number[]>> {
    return this.samples;
  }

  byClass(): Record<DeviceClass, Percentiles> {
    return { healthy: percentiles(this.samples.healthy), reconnected: percentiles(this.samples.reconnected), woken: percentiles(this.samples.woken) };
  }

  all(): Percentiles {
    return percentiles(this.samples.healthy.concat(this.samples.reconnected, this.samples.woken));
  }
}
