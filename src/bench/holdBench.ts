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

/** A filled model whose passes of one virtual-time span each can be timed one at a time. */
export class TimedHold {
  private passes = 0;
  /** Events each pass fired, the untimed warm-up first: equal across implementations, or one is wrong. */
  readonly firedPerPass: number[] = [];

  constructor(
    private readonly model: HoldModel,
    private readonly passSpanUs: number,
  ) {
    this.firedPerPass.push(model.runUntil(passSpanUs));
  }

  /** Runs the next pass; returns its events per wall-clock second. */
  pass(): number {
    this.passes++;
    const startMs = performance.now();
    const fired = this.model.runUntil((this.passes + 1) * this.passSpanUs);
    const elapsedMs = performance.now() - startMs;
    this.firedPerPass.push(fired);
    return fired / (elapsedMs / 1_000);
  }
}

/** N pending timers with mean delay d fire N/d events per virtual microsecond. */
function passSpanUs(plan: SizePlan, meanDelayUs: number): number {
  return Math.round((plan.eventsPerPass * meanDelayUs) / plan.pending);
}

/** The reference heap loop, filled and warmed up, for figures measured beside it. */
export function referenceHold(plan: SizePlan, delaysUs: Float64Array, meanDelayUs: number): TimedHold {
  return new TimedHold(new ReferenceHold(plan.pending, delaysUs), passSpanUs(plan, meanDelayUs));
}

/** The middle value (the upper middle of an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

export interface SizeResult {
  readonly pending: number;
  readonly referenceEventsPerSec: number;
  readonly objectHeapEventsPerSec: number;
  readonly kernelEventsPerSec: number;
  /** The median over passes of the kernel's rate over the reference's in the same round. */
  readonly kernelRatio: number;
}

/**
 * Times `plan.timedPasses` passes of each implementation, in rounds: the reference and the kernel
 * take turns (which goes first alternates), so each kernel pass is compared with a reference pass
 * run beside it, and the ratio is the median of those. On a shared host the speed of the machine
 * drifts by 20% within seconds: timed one after the other, the two drifted apart and the same build
 * read 0.43x and 0.88x. Rates are medians: GC pauses are part of the cost, and best-of would hide
 * them. The object heap, which allocates, is timed on its own first, so no other's live heap
 * inflates its GC work (the reference and the kernel allocate nothing per event).
 */
export function measureSize(plan: SizePlan, delaysUs: Float64Array, meanDelayUs: number): SizeResult {
  const spanUs = passSpanUs(plan, meanDelayUs);
  const { pending } = plan;
  const objectHeap = timedAlone(new ObjectHeapHold(pending, delaysUs), spanUs, plan.timedPasses);
  const reference = referenceHold(plan, delaysUs, meanDelayUs);
  const kernel = new TimedHold(new KernelHold(pending, delaysUs), spanUs);
  const referenceRates: number[] = [];
  const kernelRates: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < plan.timedPasses; round++) {
    const { referenceRate, rate } = besideReference(reference, round, () => kernel.pass());
    referenceRates.push(referenceRate);
    kernelRates.push(rate);
    ratios.push(rate / referenceRate);
  }
  for (const [name, firedPerPass] of [['object heap', objectHeap.firedPerPass], ['kernel', kernel.firedPerPass]] as const) {
    if (firedPerPass.join() !== reference.firedPerPass.join()) {
      throw new Error(`${name} fired ${firedPerPass.join()} events per pass at ${pending} pending; reference fired ${reference.firedPerPass.join()}`);
    }
  }
  return {
    pending,
    referenceEventsPerSec: median(referenceRates),
    objectHeapEventsPerSec: median(objectHeap.rates),
    kernelEventsPerSec: median(kernelRates),
    kernelRatio: median(ratios),
  };
}

/** Times `passes` passes of a model on its own; the model is garbage once this returns. */
function timedAlone(model: HoldModel, spanUs: number, passes: number): { rates: number[]; firedPerPass: readonly number[] } {
  const hold = new TimedHold(model, spanUs);
  const rates = Array.from({ length: passes }, () => hold.pass());
  return { rates, firedPerPass: hold.firedPerPass };
}

/**
 * Times `measure` (which returns a rate) beside a pass of `reference`, which goes first in even
 * rounds and second in odd ones, so neither side always runs on the warmer or the colder machine.
 */
export function besideReference(reference: TimedHold, round: number, measure: () => number): { referenceRate: number; rate: number } {
  if (round % 2 === 0) {
    const referenceRate = reference.pass();
    return { referenceRate, rate: measure() };
  }
  const rate = measure();
  return { referenceRate: reference.pass(), rate };
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

