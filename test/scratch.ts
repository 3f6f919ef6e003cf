// A scratch directory for one test file, removed once the file's tests are done: the suite runs
// again and again on a CI host, and each run left 16 directories behind in the temp directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** A new empty directory under the system's temp directory, named `seqsim-<name>-XXXXXX`. */
export function scratchDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `seqsim-${name}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
