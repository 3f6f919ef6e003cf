// Report files and directories are written in place of a symbolic link found at their path, not
// through it: a link left in a report directory (by a user, or planted) would otherwise have the
// report overwrite whatever file or directory it points at.
import { lstatSync, mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Writes `text` as `file`, removing a link at that path first (never its target). */
export function writeReplacingLink(file: string, text: string): void {
  unlinkIfLink(file);
  writeFileSync(file, text);
}

/** Makes `below` (a relative path of directories) under `dir`, replacing any link on the way. */
export function makeDirsReplacingLinks(dir: string, below: string): string {
  const parts: string[] = [];
  for (let part = below; part !== '.' && part !== ''; part = dirname(part)) parts.unshift(part);
  for (const part of parts) unlinkIfLink(join(dir, part));
  const made = join(dir, below);
  mkdirSync(made, { recursive: true });
  return made;
}

function unlinkIfLink(path: string): void {
  let link = false;
  try {
    link = lstatSync(path).isSymbolicLink();
  } catch {
    return;
  }
  if (link) unlinkSync(path);
}
