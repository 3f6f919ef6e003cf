// Bad input, said plainly: which file, which field, what was expected. The CLI prints the message
// and exits 2; no stack trace.

export class InputError extends Error {
  constructor(
    readonly code: 'UNKNOWN_SCENARIO' | 'BAD_YAML' | 'BAD_SCENARIO' | 'BAD_ARGUMENT' | 'BAD_REPORT',
    message: string,
  ) {
    super(message);
  }
}
