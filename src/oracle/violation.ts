// A broken invariant, as plain data: what, where (message, user, device, seq), when, and the trace
// event that was being processed when it broke.

export interface TraceMoment {
  /** Index of the event in the run's trace (0-based). */
  readonly index: number;
  readonly timeUs: number;
  readonly kind: string;
  readonly actor: string;
}

export interface Violation {
  readonly invariant: string;
  /**
   * How it broke, when an invariant can break in more than one way (zero-loss: a device missing
   * an entry, or a send that never ended). A shrunk run must break the same way.
   */
  readonly kind: string | null;
  readonly detail: string;
  readonly timeUs: number;
  readonly msgId: number | null;
  readonly user: number | null;
  readonly device: string | null;
  readonly seq: number | null;
  readonly event: TraceMoment | null;
  /** For a missed deadline: what it was and what set it. */
  readonly deadline: DeadlineFacts | null;
}

export interface DeadlineFacts {
  /** Which promise: healthy, hint, reconnected, foreground, woken, wake, sent. */
  readonly kind: string;
  readonly dueUs: number;
  /** The event that set the deadline, and when. */
  readonly setBy: string;
  readonly setAtUs: number;
  /** How the bound was made (pages, round trips, timers). */
  readonly budget: string;
}

export interface ViolationFacts {
  readonly kind?: string;
  readonly detail: string;
  readonly msgId?: number;
  readonly user?: number;
  /** Process id of the device. */
  readonly device?: number;
  readonly seq?: number;
  readonly deadline?: DeadlineFacts;
}

/** Where checkers report; keeps the first few violations of each invariant and counts the rest. */
export interface ViolationSink {
  violate(invariant: string, facts: ViolationFacts): void;
}
