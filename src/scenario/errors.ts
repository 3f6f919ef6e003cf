// Bad input, said plainly: which file, which field, what was expected. The CLI prints the message
// and exits 2; no stack trace.

export type InputErrorCode = 'UNKNOWN_SCENARIO' | 'BAD_FILE' | 'BAD_YAML' | 'BAD_SCENARIO' | 'BAD_ARGUMENT' | 'BAD_REPORT' | 'BROKEN_INSTALL';

export class InputError extends Error {
  constructor(
    readonly code: InputErrorCode,
    message: string,
  ) {
    super(oneLine(message));
  }
}

/**
 * The message is one line whatever went into it: file names, YAML keys and parser messages can
 * carry line breaks and control characters, which are shown escaped.
 */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (char) => (char === '\n' ? '\\n' : `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`));
}
