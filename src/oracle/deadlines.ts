// Deadlines a correct system cannot miss, and their judging. A checker sets an obligation when a
// promise starts (a session starts, a hint arrives, a send enters the outbox) with a budget from
// the run's bounds; when it falls due the book asks the checker's rules, in order: is it still
// owed (the session may have ended), was it kept, did a fault touch its path meanwhile (then the
// budget starts again once the path is clear, or the obligation lapses), and otherwise reports it.
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
  fromUs: number;
  readonly budgetUs: number;
  /** What set it, for the report. */
  readonly setBy: string;
  /** How the budget was made, for the report. */
  readonly budget: string;
}

export interface DeadlineRules {
  /** The promise no longer applies (the session ended, the app moved, the device was retired). */
  lapsed(obligation: Obligation): boolean;
  kept(obligation: Obligation): boolean;
  /** Whether a fault touched the obligation's path during [fromUs, dueUs]. */
  disturbed(obligation: Obligation, dueUs: number): boolean;
  /** When the path is clear again, so the budget can start over; undefined: the promise lapses. */
  clearUs(obligation: Obligation): number | undefined;
  /** The violation to report for a missed deadline. */
  describe(obligation: Obligation, dueUs: number): { readonly detail: string; readonly user: number; readonly seq?: number };
}

export class DeadlineBook {
  private readonly queue = new DeadlineQueue<Obligation>();

  constructor(
    private readonly invariant: string,
    private readonly sink: ViolationSink,
    private readonly rules: DeadlineRules,
  ) {}

  set(obligation: Obligation): void {
    this.queue.push(obligation.fromUs + obligation.budgetUs, obligation);
  }

  /** Judges every obligation due by `nowUs`. */
  judge(nowUs: number): void {
    const rules = this.rules;
    this.queue.popDue(nowUs, (obligation, dueUs) => {
      if (rules.lapsed(obligation) || rules.kept(obligation)) return;
      if (rules.disturbed(obligation, dueUs)) {
        const clearUs = rules.clearUs(obligation);
        if (clearUs === undefined) return;
        // Still under a fault: look again a whole budget later.
        obligation.fromUs = clearUs === Infinity ? dueUs : Math.max(clearUs, obligation.fromUs);
        if (obligation.fromUs + obligation.budgetUs > dueUs) {
          this.set(obligation);
          return;
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
        deadline: { kind: obligation.kind, dueUs, setBy: obligation.setBy, setAtUs: obligation.setAtUs, budget: `${formatBudgetMs(obligation.budgetUs)}: ${obligation.budget}` },
      });
    });
  }
}
