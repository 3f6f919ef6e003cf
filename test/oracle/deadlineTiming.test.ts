// A deadline is judged by when its promise was kept, not by whether it is kept when the oracle looks:
// the run judges about once a virtual second, and a promise of a few hundred milliseconds kept late
// but before the look used to pass. Each plant makes every such promise late by a little more than
// its budget: it must be reported as often as when the same promises are 5 s later still.
import { afterEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/api.js';
import { Device } from '../../src/system/device.js';
import { PushSvr } from '../../src/system/pushSvr.js';
import { SendSvr } from '../../src/system/sendSvr.js';

/** A timer tag none of the patched processes uses. */
const LATE_TIMER = 999;
const SEEDS = ['1', '2', '3'];

/** A process as the plants see it: a timer of its own, and the method to delay. */
interface TimerOwner {
  setTimer(us: number, tag: number, data: unknown): void;
}
type Method = (this: TimerOwner, ...args: unknown[]) => void;
type Patchable = { onTimer: (this: TimerOwner, tag: number, data: unknown) => void } & Partial<Record<'send' | 'persist' | 'respond', Method>>;

/**
 * Patches `method` of `proto` so that the calls `late` picks run `delayUs` later (on a timer of the
 * process's own), and returns the undo.
 */
function delay(proto: Patchable, method: 'send' | 'persist' | 'respond', late: (args: unknown[]) => boolean, delayUs: number): () => void {
  const original = proto[method]!;
  const { onTimer } = proto;
  proto[method] = function (...args) {
    if (!late(args)) return original.apply(this, args);
    this.setTimer(delayUs, LATE_TIMER, args);
  };
  proto.onTimer = function (tag, data) {
    if (tag !== LATE_TIMER) return onTimer.call(this, tag, data);
    original.apply(this, data as unknown[]);
  };
  return () => {
    proto[method] = original;
    proto.onTimer = onTimer;
  };
}

/** How many violations of `invariant` baseline `seed` has, and the kind of the first. */
function violations(invariant: string, seed: string): { count: number; kind: string | undefined } {
  const verdict = runScenario('baseline', { seed }).invariants.find((i) => i.name === invariant)!;
  return { count: verdict.violations, kind: verdict.first?.kind ?? undefined };
}

/** The plant in place, if a test failed before taking it out. */
let undo: (() => void) | undefined;
afterEach(() => {
  undo?.();
  undo = undefined;
});

/** The violations with every promise `lateUs` late, and with every one 5 s later still. */
function lateAndVeryLate(plant: (delayUs: number) => () => void, invariant: string, seed: string, lateUs: number) {
  const run = (delayUs: number) => {
    undo = plant(delayUs);
    const found = violations(invariant, seed);
    undo();
    undo = undefined;
    return found;
  };
  return { late: run(lateUs), veryLate: run(lateUs + 5_000_000) };
}

/** The write of a pulled page: a batch whose current step is this write. */
const pageStore = ([, tag, data]: unknown[]) => {
  const batch = data as { steps?: number[]; step?: number } | null;
  return typeof batch === 'object' && batch !== null && batch.steps !== undefined && batch.steps[batch.step!] === tag;
};
/** The settle write of an ack: it deletes the send from the outbox and stores the device's own copy. */
const settleWrite = ([, , data]: unknown[]) => typeof data === 'object' && data !== null && 'clientMsgId' in data && 'entry' in data;

/** Each plant: what it makes late, by how much (a little over the budget), and what must report it. */
const PLANTS = [
  { late: "every hint PushSvr holds back 600 ms (push-route's 445 ms)", proto: PushSvr.prototype, method: 'send', picks: ([, message]: unknown[]) => (message as { type: string }).type === 'notify-device', lateUs: 600_000, invariant: 'push-route', kind: 'hint' },
  { late: "every ack SendSvr answers 600 ms late (the ack-return's 392 ms)", proto: SendSvr.prototype, method: 'respond', picks: ([, , , reject]: unknown[]) => reject === null, lateUs: 600_000, invariant: 'timeliness', kind: 'ack-return' },
  { late: "every healthy delivery a device stores 4.8 s late (latency's 4,360 ms)", proto: Device.prototype, method: 'persist', picks: pageStore, lateUs: 4_800_000, invariant: 'latency', kind: 'healthy' },
  { late: "every own message a device stores 700 ms after its ack (one disk write's 534 ms)", proto: Device.prototype, method: 'persist', picks: settleWrite, lateUs: 700_000, invariant: 'timeliness', kind: 'own' },
] as const;

describe('deadlines judged by the time they were kept', () => {
  for (const { late: what, proto, method, picks, lateUs, invariant, kind } of PLANTS) {
    it(`reports ${what}`, () => {
      const plant = (us: number) => delay(proto as unknown as Patchable, method, picks, us);
      for (const seed of SEEDS) {
        const { late, veryLate } = lateAndVeryLate(plant, invariant, seed, lateUs);
        expect(late.kind).toBe(kind);
        expect(veryLate.count).toBeGreaterThan(0);
        expect(late.count, seed).toBe(veryLate.count);
      }
    });
  }
});
