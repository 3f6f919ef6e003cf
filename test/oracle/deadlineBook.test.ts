// The deadline book: an obligation is reported once, at the first judging at or after its due time,
// unless it lapsed or was kept; under `settlesEarly` one kept or lapsed by the first judging after
// it was set is done with there, and the verdicts are the same as judging everything when due. The
// rules hear once of each obligation the book is done with (what they hold for it can go).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeadlineBook, type DeadlineRules, type Obligation } from '../../src/oracle/deadlines.js';
import type { DeviceFacts } from '../../src/oracle/ledger.js';
import type { ViolationFacts } from '../../src/oracle/violation.js';

interface Promise {
  readonly setAtUs: number;
  readonly budgetUs: number;
  /** Held from here on (Infinity: never). */
  readonly keptAtUs: number;
  /** Lapsed from here on (Infinity: never). */
  readonly lapsedAtUs: number;
}

const DEVICE = { id: 7, user: 3 } as DeviceFacts;

/** A book over `promises` (msgId = index) whose rules read the clock `now()`; counts `kept` and `done` calls per msgId. */
function bookOver(promises: readonly Promise[], now: () => number, settlesEarly: boolean) {
  const reported: { msgId: number; dueUs: number }[] = [];
  const keptAsked = promises.map(() => 0);
  const done = promises.map(() => 0);
  const rules: DeadlineRules = {
    lapsed: (o: Obligation) => now() >= promises[o.msgId]!.lapsedAtUs,
    kept: (o: Obligation) => {
      // Nothing is asked of an obligation the book is done with.
      expect(done[o.msgId]).toBe(0);
      keptAsked[o.msgId]!++;
      return now() >= promises[o.msgId]!.keptAtUs;
    },
    done: (o: Obligation) => done[o.msgId]!++,
    disturbed: () => false,
    clearUs: () => undefined,
    budget: () => 'a test budget',
    describe: (o) => ({ detail: `message ${o.msgId}`, user: o.device.user }),
    settlesEarly,
  };
  const sink = { violate: (_invariant: string, facts: ViolationFacts) => reported.push({ msgId: facts.msgId!, dueUs: facts.deadline!.dueUs }) };
  const book = new DeadlineBook('test', sink, () => DEVICE, rules);
  return { book, reported, keptAsked, done, kind: book.text('kind'), cause: book.text('cause') };
}

/** Sets each promise at its time and judges every `tickUs`, up to `endUs`; what was reported. */
function run(promises: readonly Promise[], tickUs: number, endUs: number, settlesEarly: boolean) {
  let nowUs = 0;
  const { book, reported, keptAsked, done, kind, cause } = bookOver(promises, () => nowUs, settlesEarly);
  const order = promises.map((_, i) => i).sort((a, b) => promises[a]!.setAtUs - promises[b]!.setAtUs || a - b);
  let next = 0;
  for (let tick = tickUs; tick <= endUs; tick += tickUs) {
    // Set in time order, the clock moving with them, then judge at the tick.
    for (; next < order.length && promises[order[next]!]!.setAtUs <= tick; next++) {
      const p = promises[order[next]!]!;
      nowUs = p.setAtUs;
      book.set(kind, DEVICE, 1, order[next]!, 0, p.setAtUs, p.budgetUs, cause, -1, 0);
    }
    nowUs = tick;
    book.judge(tick);
  }
  return { reported, keptAsked, done };
}

describe('DeadlineBook', () => {
  it('reports a promise not kept once (judged at or after its due time), and not one kept or lapsed', () => {
    const promises: Promise[] = [
      { setAtUs: 100, budgetUs: 2_500, keptAtUs: Infinity, lapsedAtUs: Infinity },
      { setAtUs: 200, budgetUs: 2_500, keptAtUs: 2_000, lapsedAtUs: Infinity },
      { setAtUs: 300, budgetUs: 2_500, keptAtUs: Infinity, lapsedAtUs: 1_500 },
    ];
    for (const settlesEarly of [false, true]) expect(run(promises, 1_000, 10_000, settlesEarly).reported).toEqual([{ msgId: 0, dueUs: 2_600 }]);
  });

  it('under settlesEarly, asks whether a promise is kept at the first judging after it is set, and never again once it is', () => {
    const promises: Promise[] = [{ setAtUs: 100, budgetUs: 60_000, keptAtUs: 500, lapsedAtUs: Infinity }];
    expect(run(promises, 1_000, 30_000, true).keptAsked).toEqual([1]);
    expect(run(promises, 1_000, 100_000, true).keptAsked).toEqual([1]);
    // Judged only when due otherwise: held all along until a minute later.
    expect(run(promises, 1_000, 30_000, false).keptAsked).toEqual([0]);
    expect(run(promises, 1_000, 100_000, false).keptAsked).toEqual([1]);
  });

  it('under settlesEarly, reports exactly what judging every obligation when due reports, when kept and lapsed never turn back; either way it is done with each once', () => {
    const promise = fc.record({
      setAtUs: fc.integer({ min: 0, max: 20_000 }),
      budgetUs: fc.integer({ min: 0, max: 8_000 }),
      keptAfterUs: fc.oneof(fc.constant(Infinity), fc.integer({ min: 0, max: 10_000 })),
      lapsedAfterUs: fc.oneof(fc.constant(Infinity), fc.integer({ min: 0, max: 10_000 })),
    });
    fc.assert(
      fc.property(fc.array(promise, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 3_000 }), (drawn, tickUs) => {
        const promises = drawn.map((p) => ({ setAtUs: p.setAtUs, budgetUs: p.budgetUs, keptAtUs: p.setAtUs + p.keptAfterUs, lapsedAtUs: p.setAtUs + p.lapsedAfterUs }));
        const early = run(promises, tickUs, 40_000, true);
        const whenDue = run(promises, tickUs, 40_000, false);
        expect(early.reported).toEqual(whenDue.reported);
        // Everything falls due by 28,000 us: the book is done with each obligation exactly once.
        expect(early.done).toEqual(promises.map(() => 1));
        expect(whenDue.done).toEqual(promises.map(() => 1));
      }),
      { numRuns: 300 },
    );
  });
});
