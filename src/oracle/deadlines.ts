// Deadlines a correct system cannot miss, and their judging. A checker sets an obligation when a
// promise starts (a session starts, a hint arrives, a send enters the outbox) with a budget from
// the run's bounds; when it falls due the book asks the checker's rules, in order: is it still
// owed (the session may have ended), was it kept, did a fault touch its path meanwhile (then the
// budget starts again once the path is clear, or the obligation lapses), and otherwise reports it.
// Where the rules say a kept promise stays kept (settlesEarly), the book also asks at the first
// judging after the obligation is set, and is done with it there if it is already kept or lapsed.
//
// A run sets several obligations per delivery, and some wait a minute of virtual time to fall due:
// kept as objects they lived long enough to be promoted and made the garbage collector a fifth of
// the run. So the book keeps them in columns of numbers (slots reused once judged) and hands the
// rules one reusable view of the obligation being judged.
import { doubled } from '../sim/doubled.js';
import { formatBudgetMs } from './bounds.js';
import { TypedHeapQueue } from '../sim/eventQueue.js';
import type { DeviceFacts } from './ledger.js';
import type { ViolationSink } from './violation.js';

export interface Obligation {
  /** Which promise (healthy, hint, reconnected, foreground, woken, wake, sent). */
  readonly kind: string;
  /** The device that owes it: the receiver, or the sender of a send. */
  readonly device: DeviceFacts;
  /** Everything of the device's inbox up to this seq must be held (-1: not a delivery). */
  readonly seq: number;
  /** The message the report names. */
  readonly msgId: number;
  /** The device's session (or app) epoch when it was set: a change ends the promise. */
  readonly epoch: number;
  readonly setAtUs: number;
  /** From the latest start of the budget (a fault clearing restarts it). */
  readonly fromUs: number;
  readonly budgetUs: number;
  /** What set it, for the report: this text, then " message <causeMsgId>" unless that is -1. */
  readonly cause: string;
  readonly causeMsgId: number;
  /** Entries the device had to catch up when it was set (-1: not a catch-up). */
  readonly backlog: number;
}

/** What set an obligation, as the report says it (made only for the few obligations missed). */
export function setByText(obligation: Obligation): string {
  return obligation.causeMsgId < 0 ? obligation.cause : `${obligation.cause} message ${obligation.causeMsgId}`;
}

/**
 * Whether a promise kept at `keptUs` (-1: not yet) was kept within its budget. The run judges about
 * once a virtual second, so a rule that asks only "kept by now" lets a promise of a few milliseconds
 * be up to a second late.
 */
export function keptBy(keptUs: number, obligation: Obligation): boolean {
  return keptUs >= 0 && keptUs <= obligation.fromUs + obligation.budgetUs;
}

export interface DeadlineRules {
  /** The promise no longer applies (the session ended, the app moved, the device was retired). */
  lapsed(obligation: Obligation): boolean;
  kept(obligation: Obligation): boolean;
  /** Whether a fault touched the obligation's path during [fromUs, dueUs]. */
  disturbed(obligation: Obligation, dueUs: number): boolean;
  /** When the path is clear again, so the budget can start over; undefined: the promise lapses. */
  clearUs(obligation: Obligation): number | undefined;
  /** How the budget was made, for the report. */
  budget(obligation: Obligation): string;
  /** The violation to report for a missed deadline. */
  describe(obligation: Obligation, dueUs: number): { readonly detail: string; readonly user: number; readonly seq?: number };
  /**
   * True when a kept promise stays kept unless it lapses, a lapse is final, and asking changes
   * nothing: the book then settles each obligation at the first judging after it is set, and only
   * one still owed waits for its due time (see `judge`).
   */
  readonly settlesEarly?: boolean;
  /** The book is done with the obligation (kept, lapsed or reported): what the rules hold for it can go. */
  done?(obligation: Obligation): void;
}

/** The obligation being judged: one object, refilled from the columns for each (rules must not keep it). */
class ObligationView implements Obligation {
  kind = '';
  device!: DeviceFacts;
  seq = 0;
  msgId = 0;
  epoch = 0;
  setAtUs = 0;
  fromUs = 0;
  budgetUs = 0;
  cause = '';
  causeMsgId = 0;
  backlog = 0;
}

// An obligation's fields in its slot's rows.
const KIND = 0;
const DEVICE = 1;
const MSG_ID = 2;
const EPOCH = 3;
const CAUSE = 4;
const CAUSE_MSG_ID = 5;
const BACKLOG = 6;
const INT_FIELDS = 7;
const SEQ = 0;
const SET_AT_US = 1;
const FROM_US = 2;
const BUDGET_US = 3;
const DOUBLE_FIELDS = 4;
// Enough for a baseline run's books without growing (timeliness peaks near 400-600 pending there).
const INITIAL_SLOTS = 256;

export class DeadlineBook {
  /** Slots by due time, ties in the order they were set (so verdicts are deterministic): the kernel's heap. */
  private readonly queue = new TypedHeapQueue(INITIAL_SLOTS);
  /** Strings an obligation names (kinds and causes), stored as their index here. */
  private readonly texts: string[] = [];
  private readonly textIds = new Map<string, number>();
  // One row per slot, in two typed arrays (a JS array of numbers costs 8 bytes a field; the ints
  // here take 4). `free` lists the slots judged and done with.
  private ints = new Int32Array(INT_FIELDS * INITIAL_SLOTS);
  /** Seqs reach 2^32 - 1 and times pass 2^31 us after 35 minutes: these stay doubles. */
  private doubles = new Float64Array(DOUBLE_FIELDS * INITIAL_SLOTS);
  private slots = 0;
  private readonly free: number[] = [];
  /** Under `settlesEarly`: obligations set since the last judging, in the order they were set. */
  private staged: number[] = [];
  private stagedNext: number[] = [];
  private readonly view = new ObligationView();

  constructor(
    private readonly invariant: string,
    private readonly sink: ViolationSink,
    private readonly deviceOf: (id: number) => DeviceFacts,
    private readonly rules: DeadlineRules,
  ) {}

  /** A kind or a cause as `set` takes it: interned once, when the checker is built. */
  text(text: string): number {
    let id = this.textIds.get(text);
    if (id === undefined) {
      id = this.texts.length;
      this.texts.push(text);
      this.textIds.set(text, id);
    }
    return id;
  }

  /**
   * Sets an obligation (fields as in Obligation; its budget starts at `setAtUs`). Positional, not an
   * Obligation: a run sets several per delivery, and each literal was garbage.
   */
  set(kind: number, device: DeviceFacts, seq: number, msgId: number, epoch: number, setAtUs: number, budgetUs: number, cause: number, causeMsgId: number, backlog: number): void {
    const slot = this.free.length > 0 ? this.free.pop()! : this.newSlot();
    const i = slot * INT_FIELDS;
    const ints = this.ints;
    ints[i + KIND] = kind;
    ints[i + DEVICE] = device.id;
    ints[i + MSG_ID] = msgId;
    ints[i + EPOCH] = epoch;
    ints[i + CAUSE] = cause;
    ints[i + CAUSE_MSG_ID] = causeMsgId;
    ints[i + BACKLOG] = backlog;
    const d = slot * DOUBLE_FIELDS;
    const doubles = this.doubles;
    doubles[d + SEQ] = seq;
    doubles[d + SET_AT_US] = setAtUs;
    doubles[d + FROM_US] = setAtUs;
    doubles[d + BUDGET_US] = budgetUs;
    if (this.rules.settlesEarly === true) this.staged.push(slot);
    else this.queue.push(setAtUs + budgetUs, slot);
  }

  /**
   * Judges every obligation due by `nowUs`. Under `settlesEarly` it first looks at each obligation
   * set since the last judging: one already kept or lapsed is done with, whatever its due time
   * (it could only be kept or lapsed then too); the rest wait for it in set order, as if pushed
   * when set. Most deliveries are held well within a second while their deadline is a minute away:
   * the heap then holds only what is still owed (a scale run's books held every delivery's).
   */
  judge(nowUs: number): void {
    const queue = this.queue;
    if (this.staged.length > 0) this.settleStaged();
    while (queue.peekTime() <= nowUs) {
      const slot = queue.pop();
      if (!this.stillDue(slot, queue.lastTimeUs)) this.release(slot);
    }
  }

  /** Done with the obligation in `slot` (the view holds it): its rules forget it, and the slot is reused. */
  private release(slot: number): void {
    this.rules.done?.(this.view);
    this.free.push(slot);
  }

  /** Judges one obligation (loaded into the view); true if it was set again for later (a fault still on its path). */
  private stillDue(slot: number, dueUs: number): boolean {
    const rules = this.rules;
    const obligation = this.load(slot);
    if (rules.lapsed(obligation) || rules.kept(obligation)) return false;
    if (rules.disturbed(obligation, dueUs)) {
      const clearUs = rules.clearUs(obligation);
      if (clearUs === undefined) return false;
      // Still under a fault: look again a whole budget later.
      const fromUs = clearUs === Infinity ? dueUs : Math.max(clearUs, obligation.fromUs);
      if (fromUs + obligation.budgetUs > dueUs) {
        this.doubles[slot * DOUBLE_FIELDS + FROM_US] = fromUs;
        this.queue.push(fromUs + obligation.budgetUs, slot);
        return true;
      }
    }
    const { detail, user, seq } = rules.describe(obligation, dueUs);
    this.sink.violate(this.invariant, {
      kind: obligation.kind,
      detail,
      msgId: obligation.msgId,
      user,
      device: obligation.device.id,
      ...(seq === undefined ? {} : { seq }),
      deadline: { kind: obligation.kind, dueUs, setBy: setByText(obligation), setAtUs: obligation.setAtUs, budget: `${formatBudgetMs(obligation.budgetUs)}: ${rules.budget(obligation)}` },
    });
    return false;
  }

  private settleStaged(): void {
    const staged = this.staged;
    // Swapped, not reallocated: a run judges about once a virtual second.
    this.staged = this.stagedNext;
    this.stagedNext = staged;
    const rules = this.rules;
    for (const slot of staged) {
      const obligation = this.load(slot);
      if (rules.lapsed(obligation) || rules.kept(obligation)) this.release(slot);
      else this.queue.push(obligation.setAtUs + obligation.budgetUs, slot);
    }
    staged.length = 0;
  }

  private load(slot: number): ObligationView {
    const view = this.view;
    const i = slot * INT_FIELDS;
    const ints = this.ints;
    view.kind = this.texts[ints[i + KIND]!]!;
    view.device = this.deviceOf(ints[i + DEVICE]!);
    view.msgId = ints[i + MSG_ID]!;
    view.epoch = ints[i + EPOCH]!;
    view.cause = this.texts[ints[i + CAUSE]!]!;
    view.causeMsgId = ints[i + CAUSE_MSG_ID]!;
    view.backlog = ints[i + BACKLOG]!;
    const d = slot * DOUBLE_FIELDS;
    const doubles = this.doubles;
    view.seq = doubles[d + SEQ]!;
    view.setAtUs = doubles[d + SET_AT_US]!;
    view.fromUs = doubles[d + FROM_US]!;
    view.budgetUs = doubles[d + BUDGET_US]!;
    return view;
  }

  /** A slot never used before, the rows grown (doubled) if full. */
  private newSlot(): number {
    if (this.slots * INT_FIELDS === this.ints.length) {
      this.ints = doubled(this.ints);
      this.doubles = doubled(this.doubles);
    }
    return this.slots++;
  }
}
