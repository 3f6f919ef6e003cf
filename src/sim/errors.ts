// Errors the kernel raises. Each has a stable code so reports and tests need not match text.

/**
 * Thrown by Process.crashPoint after the kernel has crashed the process, so that the rest of the
 * handler does not run. The kernel catches it around every handler; nothing else should. Not an
 * Error: it is control flow, thrown often in chaos runs, and capturing a stack each time was hot.
 */
export class ProcessCrashed {
  readonly code = 'PROCESS_CRASHED';
  constructor(
    readonly processName: string,
    readonly point: string,
  ) {}
}

/** A handler threw: the run cannot go on, and the report must say where. */
export class HandlerFailed extends Error {
  readonly code = 'HANDLER_FAILED';
  constructor(readonly processName: string, readonly timeUs: number, override readonly cause: unknown) {
    super(`${processName} threw at ${timeUs}us: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}
