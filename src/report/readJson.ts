// Reads a JSON file a person named on the command line; a missing or malformed file is bad input.
import { readFileSync } from 'node:fs';
import { InputError } from '../scenario/errors.js';

export function readJsonFile(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not JSON (${(error as Error).message})`;
    throw new InputError('BAD_REPORT', `${file}: ${reason}`);
  }
}
