// The tests are type-checked with the code they test: vitest strips types without checking them, so
// a test could build a fixture the code no longer accepts (a run record missing a field, a
// constructor called with its old arguments) and still run. tsconfig.tests.json is tsconfig.json
// over src and test, emitting nothing.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('the test suite', () => {
  it('type-checks with the source, without an error', () => {
    const tsc = spawnSync('npx', ['tsc', '-p', 'tsconfig.tests.json'], { encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });
});
