// Output paths named on the command line, checked before any work starts: a sweep of an hour
// must not end in a stack trace because --json names a directory or a folder that is not there.
// Permission bits do not tell (root may write anywhere by them, yet not under /proc or /sys), so a
// file is opened and a directory made as the check.
import { accessSync, closeSync, constants, lstatSync, mkdirSync, openSync, readlinkSync, realpathSync, statSync, unlinkSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
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
  const existed = stat(file) !== undefined;
  try {
    closeSync(openSync(file, 'a'));
  } catch (error) {
    throw bad(`cannot be written (${codeOf(error)})`);
  }
  if (!existed) unlinkSync(file);
}

/** A directory to write into: an existing writable directory, or one that can be made. */
export function checkOutputDir(option: string, dir: string): void {
  const bad = (why: string) => new InputError('BAD_ARGUMENT', `${option} ${dir}: ${why}`);
  if (dir.trim() === '') throw new InputError('BAD_ARGUMENT', `${option}: an empty path; name a directory`);
  // The nearest part of the path that exists decides; the parts to make must be valid names.
  let existing = resolve(dir);
  let existingStat = stat(existing);
  while (existingStat === undefined && dirname(existing) !== existing) {
    if (Buffer.byteLength(basename(existing)) > MAX_NAME_BYTES) throw bad(`${basename(existing).slice(0, 20)}…: a name longer than ${MAX_NAME_BYTES} bytes`);
    // A link to nothing, or to itself: making the directory failed with a bare EEXIST.
    if (isLink(existing)) throw bad(`${existing} is a symbolic link to ${readlinkSync(existing)}, which does not exist or loops`);
    existing = dirname(existing);
    existingStat = stat(existing);
  }
  if (existingStat === undefined || !existingStat.isDirectory()) {
    throw bad(existing === resolve(dir) ? 'is a file, expected a directory' : `${existing} is a file, not a directory`);
  }
  if (!writable(existing)) throw bad(`cannot write in ${existing} (permission denied)`);
  makeDirs(resolve(dir), existing, (part, error) => bad(`cannot make ${part} (${codeOf(error)})`));
}

/**
 * Refuses report files in `dir` that are symbolic links: a run writes its reports over the last
 * run's, and through a link it overwrote whatever file the link pointed at.
 */
export function checkNoLinks(option: string, dir: string, names: readonly string[]): void {
  const linked = names.find((name) => isLink(join(dir, name)));
  if (linked === undefined) return;
  const file = join(dir, linked);
  throw new InputError('BAD_ARGUMENT', `${option} ${dir}: ${file} is a symbolic link to ${readlinkSync(file)}, and the report would be written through it into that file; remove it, or name another directory`);
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * Makes each missing directory from below `existing` down to `dir`, one at a time: mkdirSync's
 * recursive mode never returns where the kernel refuses a name (under /proc, Node 20 retries forever).
 */
function makeDirs(dir: string, existing: string, bad: (part: string, error: unknown) => Error): void {
  const missing: string[] = [];
  for (let part = dir; part !== existing; part = dirname(part)) missing.push(part);
  for (let i = missing.length - 1; i >= 0; i--) {
    try {
      mkdirSync(missing[i]!);
    } catch (error) {
      throw bad(missing[i]!, error);
    }
  }
}

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
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

/**
 * Output files that are distinct from each other and from every input file (a sweep's --json
 * naming its own scenario replaced the scenario with the result, and --json and --junit naming
 * one file left neither readable). `outputs`: [option, path], undefined paths skipped.
 */
export function checkOutputsDistinct(outputs: readonly (readonly [string, string | undefined])[], inputs: readonly string[]): void {
  const seen = new Map<string, string>(inputs.map((input) => [samePath(input), `the input ${input}`]));
  for (const [option, file] of outputs) {
    if (file === undefined) continue;
    const key = samePath(file);
    const taken = seen.get(key);
    if (taken !== undefined) throw new InputError('BAD_ARGUMENT', `${option} ${file}: is also ${taken}; name another file`);
    seen.set(key, option);
  }
}

/** The path a file is at, whichever way it was named (links followed where it exists). */
function samePath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return resolve(file);
  }
}
