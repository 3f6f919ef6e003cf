// Output paths named on the command line, checked before any work starts: a sweep of an hour
// must not end in a stack trace because --json names a directory or a folder that is not there.
import { accessSync, constants, statSync, type Stats } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { InputError } from '../scenario/errors.js';

/** The longest file name most file systems take. */
const MAX_NAME_BYTES = 255;

/** A file to write: not a directory, in a directory that exists and can be written. */
export function checkOutputFile(option: string, file: string): void {
  const bad = (why: string) => new InputError('BAD_ARGUMENT', `${option} ${file}: ${why}`);
  if (stat(file)?.isDirectory() === true) throw bad('is a directory, expected a file');
  const parent = dirname(resolve(file));
  const parentStat = stat(parent);
  if (parentStat === undefined) throw bad(`the directory ${parent} does not exist`);
  if (!parentStat.isDirectory()) throw bad(`${parent} is not a directory`);
  if (!writable(parent)) throw bad(`cannot write in ${parent} (permission denied)`);
}

/** A directory to write into: an existing writable directory, or one that can be made. */
export function checkOutputDir(option: string, dir: string): void {
  const bad = (why: string) => new InputError('BAD_ARGUMENT', `${option} ${dir}: ${why}`);
  // The nearest part of the path that exists decides; the parts to make must be valid names.
  let existing = resolve(dir);
  let existingStat = stat(existing);
  while (existingStat === undefined && dirname(existing) !== existing) {
    if (Buffer.byteLength(basename(existing)) > MAX_NAME_BYTES) throw bad(`${basename(existing).slice(0, 20)}…: a name longer than ${MAX_NAME_BYTES} bytes`);
    existing = dirname(existing);
    existingStat = stat(existing);
  }
  if (existingStat === undefined || !existingStat.isDirectory()) {
    throw bad(existing === resolve(dir) ? 'is a file, expected a directory' : `${existing} is a file, not a directory`);
  }
  if (!writable(existing)) throw bad(`cannot write in ${existing} (permission denied)`);
}

function stat(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function writable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
