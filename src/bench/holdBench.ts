// Kernel throughput: events per wall-clock second of the hold model at a queue size, for a bare
// typed-array heap (the speed of light), the textbook heap of objects, and the seqsim kernel.
import { performance } from 'node:perf_hooks';
import { ObjectHeapQueue } from '../sim/eventQueue.js';
import { KernelHold, type HoldModel } from './holdModel.js';

export interface SizePlan {
  readonly pending: number;
  /** Events one timed pass should fire (about; a pass covers a fixed span of virtual time). */
  readonly eventsPerPass: number;
  readonly timedPasses: number;
}

export const PLANS: readonly SizePlan[] = [
  // Many short passes: the kernel is memory-bound and its rate drifts with cache contention on a
  // shared host, so a median over nine passes is steadier than one over a few long ones.
  { pending: 100, eventsPerPass: 1_000_000, timedPasses: 9 },
  { pending: 10_000, eventsPerPass: 1_000_000, timedPasses: 9 },
  // Fewer, shorter passes: filling a million processes and their GC cost dominate otherwise.
  { pending: 1_000_000, eventsPerPass: 1_000_000, timedPasses: 3 },
];
export const GOAL_PENDING = 10_000;
export const GOAL_KERNEL_RATIO = 0.6;

/**
 * The speed of light: a binary heap over parallel typed arrays, ordered by (time, insertion seq)
 * like the kernel's queue, with no dispatch and no trace. It pops then pushes, as the kernel does,
 * so the ratio measures overhead rather than a different algorithm.
 */
class ReferenceHold implements HoldModel {
  private readonly timesUs: Float64Array;
  private readonly seqs: Float64Array;
  private readonly payloads: Int32Array;
  private readonly mask: number;
  private count = 0;
  private nextSeq = 0;
  private cursor = 0;

  constructor(
    pending: number,
    private readonly delaysUs: Float64Array,
  ) {
    this.timesUs = new Float64Array(pending);
    this.seqs = new Float64Array(pending);
    this.payloads = new Int32Array(pending);
    this.mask = delaysUs.length - 1;
    for (let entity = 0; entity < pending; entity++) this.push(this.nextDelayUs(), entity);
  }

  runUntil(untilUs: number): number {
    const timesUs = this.timesUs;
    let fired = 0;
    while (timesUs[0]! <= untilUs) {
      const nowUs = timesUs[0]!;
      const entity = this.pop();
      this.push(nowUs + this.nextDelayUs(), entity);
      fired++;
    }
    return fired;
  }

  private nextDelayUs(): number {
    return this.delaysUs[this.cursor++ & this.mask]!;
  }

  private push(timeUs: number, payload: number): void {
    const timesUs = this.timesUs;
    const seqs = this.seqs;
    const payloads = this.payloads;
    const seq = this.nextSeq++;
    let hole = this.count++;
    while (hole > 0) {
      const parent = (hole - 1) >> 1;
      const parentTimeUs = timesUs[parent]!;
      if (parentTimeUs < timeUs || (parentTimeUs === timeUs && seqs[parent]! < seq)) break;
      timesUs[hole] = parentTimeUs;
      seqs[hole] = seqs[parent]!;
      payloads[hole] = payloads[parent]!;
      hole = parent;
    }
    timesUs[hole] = timeUs;
    seqs[hole] = seq;
    payloads[hole] = payload;
  }

  private pop(): number {
    const timesUs = this.timesUs;
    const seqs = this.seqs;
    const payloads = this.payloads;
    const top = payloads[0]!;
    const last = --this.count;
    const lastTimeUs = timesUs[last]!;
    const lastSeq = seqs[last]!;
    const lastPayload = payloads[last]!;
    let hole = 0;
    const half = last >> 1;
    while (hole < half) {
      let child = 2 * hole + 1;
      const right = child + 1;
      if (right < last && (timesUs[right]! < timesUs[child]! || (timesUs[right] === timesUs[child] && seqs[right]! < seqs[child]!))) {
        child = right;
      }
      const childTimeUs = timesUs[child]!;
      if (lastTimeUs < childTimeUs || (lastTimeUs === childTimeUs && lastSeq < seqs[child]!)) break;
      timesUs[hole] = childTimeUs;
      seqs[hole] = seqs[child]!;
      payloads[hole] = payloads[child]!;
      hole = child;
    }
    timesUs[hole] = lastTimeUs;
    seqs[hole] = lastSeq;
    payloads[hole] = lastPayload;
    return top;
  }
}

/** The same hold loop over ObjectHeapQueue, which allocates one {time, seq, item} per push. */
class ObjectHeapHold implements HoldModel {
  private readonly queue = new ObjectHeapQueue();
  private readonly mask: number;
  private cursor = 0;

  constructor(
    pending: number,
    private readonly delaysUs: Float64Array,
  ) {
    this.mask = delaysUs.length - 1;
    for (let entity = 0; entity < pending; entity++) this.queue.push(this.nextDelayUs(), entity);
  }

  runUntil(untilUs: number): number {
    const queue = this.queue;
    let fired = 0;
    while (queue.peekTime() <= untilUs) {
      const entity = queue.pop()!;
      queue.push(queue.lastTimeUs + this.nextDelayUs(), entity);
      fired++;
    }
    return fired;
  }

  private nextDelayUs(): number {
    return this.delaysUs[this.cursor++ & this.mask]!;
  }
}

interface Measurement {
  readonly eventsPerSec: number;
  /** Events fired by each pass, warm-up first: equal across implementations, or one is wrong. */
  readonly firedPerPass: number[];
}

/**
 * Fills a fresh model (untimed), runs one warm-up pass, then times `plan.timedPasses` passes of
 * equal virtual-time span. Reports the median rate: the kernel's GC pauses are part of its cost,
 * and best-of would hide them.
 */
function measure(makeModel: () => HoldModel, plan: SizePlan, passSpanUs: number): Measurement {
  const model = makeModel();
  const firedPerPass = [model.runUntil(passSpanUs)];
  const rates: number[] = [];
  for (let pass = 1; pass <= plan.timedPasses; pass++) {
    const startMs = performance.now();
    const fired = model.runUntil((pass + 1) * passSpanUs);
    const elapsedMs = performance.now() - startMs;
    firedPerPass.push(fired);
    rates.push(fired / (elapsedMs / 1_000));
  }
  rates.sort((a, b) => a - b);
  // Pass counts are odd, so this is the true median.
  return { eventsPerSec: rates[rates.length >> 1]!, firedPerPass };
}

export interface SizeResult {
  readonly pending: number;
  readonly referenceEventsPerSec: number;
  readonly objectHeapEventsPerSec: number;
  readonly kernelEventsPerSec: number;
  readonly kernelRatio: number;
}

export function measureSize(plan: SizePlan, delaysUs: Float64Array, meanDelayUs: number): SizeResult {
  // N pending timers with mean delay d fire N/d events per virtual microsecond.
  const passSpanUs = Math.round((plan.eventsPerPass * meanDelayUs) / plan.pending);
  const { pending } = plan;
  // One implementation at a time, so no other's live heap inflates its GC work.
  const reference = measure(() => new ReferenceHold(pending, delaysUs), plan, passSpanUs);
  const objectHeap = measure(() => new ObjectHeapHold(pending, delaysUs), plan, passSpanUs);
  const kernel = measure(() => new KernelHold(pending, delaysUs), plan, passSpanUs);
  for (const [name, other] of [['object heap', objectHeap], ['kernel', kernel]] as const) {
    if (other.firedPerPass.join() !== reference.firedPerPass.join()) {
      throw new Error(`${name} fired ${other.firedPerPass.join()} events per pass at ${pending} pending; reference fired ${reference.firedPerPass.join()}`);
    }
  }
  return {
    pending,
    referenceEventsPerSec: reference.eventsPerSec,
    objectHeapEventsPerSec: objectHeap.eventsPerSec,
    kernelEventsPerSec: kernel.eventsPerSec,
    kernelRatio: kernel.eventsPerSec / reference.eventsPerSec,
  };
}

/** Three significant digits with a k or M suffix: 12.3M, 850k, 10k, 100. */
export function formatCount(value: number): string {
  // Round first, so 999,960 prints as 1M rather than 1000k.
  const rounded = Number(value.toPrecision(3));
  if (rounded >= 1e6) return `${rounded / 1e6}M`;
  if (rounded >= 1e3) return `${rounded / 1e3}k`;
  return `${rounded}`;
}

export function ratio(value: number): string {
  return `${value.toFixed(2)}x`;
}

