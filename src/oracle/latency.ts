// Delivery latency: from the moment the user pressed send to the moment the message is stored on
// each receiving device, in virtual time, split by how the device was reached.
import type { Simulation } from '../sim/simulation.js';
import { EV_COMPOSE, EV_SEND_ACKED, EV_STORE, SESSION_FOREGROUND, SESSION_WOKEN } from '../system/events.js';
import { catchUpUs, type Bounds } from './bounds.js';
import { histogramOf } from './histogram.js';
import type { Ledger } from './ledger.js';
import type { Paths } from './paths.js';
import { percentiles, type Percentiles } from './percentiles.js';
import type { ClassLatency } from './pooledLatency.js';

/**
 * healthy: sender and receiver both had one live foreground connection from before the send until
 * the class's bound after it (the sender's send never deferred by anti-spam), the receiver was not
 * behind (it held every message whose hint went out before the send), and no fault touched
 * any process on the way (the sender's device and ConnectSvr, SendSvr, every target inbox's MsgStore
 * and allocator, PushSvr, the receiver's ConnectSvr, ReceiveSvr, the receiver) in that window, nor
 * in the tail of one (see Disturbances);
 * woken: the receiver was a background app woken by a platform push or background fetch;
 * reconnected: anything else (the receiver connected, or reconnected, after the send; a fault on
 * the way; or anti-spam made the message wait on purpose).
 *
 * The window is the bound after the send, whenever the delivery came: a class decided by how the
 * delivery ended would hide a slow path (a hint that never comes leaves the message to a pull a
 * minute later, by when some fault has touched the path or the session has moved on). So a
 * delivery faster than the bound is classed once the window has passed.
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
  slowestHealthy: Delivery | undefined = undefined;

  /**
   * Deliveries waiting for their window to pass, flat: [msgId, device, latencyUs, ...], in arrival
   * order, up to pendingLength. Settling compacts it in place: a new array per settle outlived the
   * young generation at scale and died in the old one (about 100 MB over a million messages).
   */
  private readonly pending: number[] = [];
  private pendingLength = 0;
  /** Per message, the receivers already behind when it was sent (see the EV_COMPOSE listener); absent when none. */
  private readonly behindAtSend = new Map<number, number[]>();

  constructor(
    private readonly sim: Simulation,
    private readonly ledger: Ledger,
    private readonly paths: Paths,
    /** The healthy class's bound: the window after the send that decides a delivery's class. */
    private readonly healthyBoundUs: number,
  ) {
    sim.trace.on(EV_STORE, (timeUs, device, msgId) => {
      const message = ledger.message(msgId);
      if (device === message.device) return;
      const latencyUs = timeUs - message.composedUs;
      if (ledger.device(device).sessionKind === SESSION_WOKEN) this.record('woken', msgId, device, latencyUs);
      else if (latencyUs >= healthyBoundUs) this.classify(msgId, device, latencyUs, message.composedUs + healthyBoundUs);
      else {
        const pending = this.pending;
        pending[this.pendingLength++] = msgId;
        pending[this.pendingLength++] = device;
        pending[this.pendingLength++] = latencyUs;
      }
    });
    // A receiver still missing a message whose hint went out before this send is behind: catching
    // up (after a fault, or on a link or page size the workload saturates), it gets this message
    // after those, so the SLO is not about it. Judged at the send, before the outcome is known.
    sim.trace.on(EV_COMPOSE, (timeUs, sender, msgId) => {
      let behind: number[] | undefined;
      for (const user of ledger.message(msgId).targets) {
        for (const device of ledger.installed(user)) {
          if (device.id !== sender && ledger.lacksAckedBefore(device, timeUs)) (behind ??= []).push(device.id);
        }
      }
      if (behind !== undefined) this.behindAtSend.set(msgId, behind);
    });
    sim.trace.on(EV_SEND_ACKED, (timeUs, _device, msgId) => {
      const message = ledger.message(msgId);
      if (message.ackedUs === timeUs) this.ackSamples.push(timeUs - message.composedUs);
    });
  }

  /** Classes the deliveries whose window has passed by `nowUs`. */
  settle(nowUs: number): void {
    this.classifyPending(nowUs, false);
  }

  /** At the end of the run: classes every delivery still waiting, its window cut at the run's end. */
  private settleAll(): void {
    this.classifyPending(this.sim.nowUs, true);
  }

  private classifyPending(nowUs: number, all: boolean): void {
    const pending = this.pending;
    let kept = 0;
    for (let i = 0; i < this.pendingLength; i += 3) {
      const msgId = pending[i]!;
      const device = pending[i + 1]!;
      const latencyUs = pending[i + 2]!;
      const windowEndUs = this.ledger.message(msgId).composedUs + this.healthyBoundUs;
      if (all || windowEndUs <= nowUs) this.classify(msgId, device, latencyUs, Math.min(windowEndUs, nowUs));
      else {
        pending[kept++] = msgId;
        pending[kept++] = device;
        pending[kept++] = latencyUs;
      }
    }
    this.pendingLength = kept;
  }

  private classify(msgId: number, device: number, latencyUs: number, windowEndUs: number): void {
    const ledger = this.ledger;
    const message = ledger.message(msgId);
    const receiver = ledger.device(device);
    const fromUs = message.composedUs;
    const session = receiver.sessions.throughout(fromUs, windowEndUs);
    const healthy =
      message.senderHealthy &&
      this.behindAtSend.get(msgId)?.includes(device) !== true &&
      receiver.sessions.kindOf(session) === SESSION_FOREGROUND &&
      ledger.device(message.device).sessions.throughout(fromUs, windowEndUs) >= 0 &&
      !this.paths.deliveryTouched(message, receiver, fromUs, windowEndUs, receiver.sessions.connectSvrOf(session));
    this.record(healthy ? 'healthy' : 'reconnected', msgId, device, latencyUs);
  }

  private record(deviceClass: DeviceClass, msgId: number, device: number, latencyUs: number): void {
    this.samples[deviceClass].push(latencyUs);
    if (deviceClass === 'healthy' && latencyUs > (this.slowestHealthy?.latencyUs ?? -1)) this.slowestHealthy = { msgId, device, latencyUs };
  }

  ack(): Percentiles {
    return percentiles(this.ackSamples);
  }

  /** Each class's deliveries as a sweep pools them: count, how many over `boundsUs`, the slowest, a histogram. */
  pooled(boundsUs: Record<DeviceClass, number>): Record<DeviceClass, ClassLatency> {
    this.settleAll();
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
    this.settleAll();
    return this.samples;
  }

  byClass(): Record<DeviceClass, Percentiles> {
    this.settleAll();
    return { healthy: percentiles(this.samples.healthy), reconnected: percentiles(this.samples.reconnected), woken: percentiles(this.samples.woken) };
  }

  all(): Percentiles {
    this.settleAll();
    return percentiles(this.samples.healthy, this.samples.reconnected, this.samples.woken);
  }
}
