// Deadlines a correct system cannot miss, and their judging. A checker sets an obligation when a
// promise starts (a session starts, a hint arrives, a send enters the outbox) with a budget from
// the run's bounds; when it falls due the book asks the checker's rules, in order: is it still
// owed (the session may have ended), was it kept, did a fault touch its path meanwhile (then the
// budget starts again once the path is clear, or the obligation lapses), and otherwise reports it.
//
// A run sets several obligations per delivery, and some wait a minute of virtual time to fall due:
// kept as objects they lived long enough to be promoted and made the garbage collector a fifth of
// the run. So the book keeps them in columns of numbers (slots reused once judged) and hands the
// rules one reusable view of the obligation being judged.
import { formatBudgetMs } from './bounds.js';
import { DeadlineQueue } from './deadlineQueue.js';
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

export class DeadlineBook {
  private readonly queue = new DeadlineQueue<number>();
  /** Strings an obligation names (kinds and causes), stored as their index here. */
  private readonly texts: string[] = [];
  private readonly textIds = new Map<string, number>();
  // One column per field, one row per slot; `free` lists the slots judged and done with.
  private readonly kinds: number[] = [];
  private readonly devices: number[] = [];
  private readonly seqs: number[] = [];
  private readonly msgIds: number[] = [];
  private readonly epochs: number[] = [];
  private readonly setAts: number[] = [];
  private readonly froms: number[] = [];
  private readonly budgets: number[] = [];
  private readonly causes: number[] = [];
  private readonly causeMsgIds: number[] = [];
  private readonly backlogs: number[] = [];
  private readonly free: number[] = [];
  private readonly view = new ObligationView();

  constructor(
    private readonly invariant: string,
    private readonly sink: ViolationSink,
    private readonly deviceOf: (id: number) => DeviceFacts,
    private readonly rules: DeadlineRules,
  ) {}

  set(obligation: Obligation): void {
    const slot = this.free.length > 0 ? this.free.pop()! : this.kinds.length;
    this.kinds[slot] = this.textId(obligation.kind);
    this.devices[slot] = obligation.device.id;
    this.seqs[slot] = obligation.seq;
    this.msgIds[slot] = obligation.msgId;
    this.epochs[slot] = obligation.epoch;
    this.setAts[slot] = obligation.setAtUs;
    this.froms[slot] = obligation.fromUs;
    this.budgets[slot] = obligation.budgetUs;
    this.causes[slot] = this.textId(obligation.cause);
    this.causeMsgIds[slot] = obligation.causeMsgId;
    this.backlogs[slot] = obligation.backlog;
    this.queue.push(obligation.fromUs + obligation.budgetUs, slot);
  }

  /** Judges every obligation due by `nowUs`. */
  judge(nowUs: number): void {
    this.queue.popDue(nowUs, (slot, dueUs) => {
      if (!this.stillDue(slot, dueUs)) this.free.push(slot);
    });
  }

  /** Judges one obligation; true if it was set again for later (a fault still on its path). */
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
        this.froms[slot] = fromUs;
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

  private load(slot: number): ObligationView {
    const view = this.view;
    view.kind = this.texts[this.kinds[slot]!]!;
    view.device = this.deviceOf(this.devices[slot]!);
    view.seq = this.seqs[slot]!;
    view.msgId = this.msgIds[slot]!;
    view.epoch = this.epochs[slot]!;
    view.setAtUs = this.setAts[slot]!;
    view.fromUs = this.froms[slot]!;
    view.budgetUs = this.budgets[slot]!;
    view.cause = this.texts[this.causes[slot]!]!;
    view.causeMsgId = this.causeMsgIds[slot]!;
    view.backlog = this.backlogs[slot]!;
    return view;
  }

  private textId(text: string): number {
    let id = this.textIds.get(text);
    if (id === undefined) {
      id = this.texts.length;
      this.texts.push(text);
      this.textIds.set(text, id);
    }
    return id;
  }
}
