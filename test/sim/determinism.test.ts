// One seed -> one trace hash: in the same process, in a child process; another seed -> another.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runEchoWorld } from '../../src/bench/echoWorld.js';

const COMPILED = 'dist/bench/echoMain.js';

describe('determinism of the kernel', () => {
  it('gives the same trace hash for the same seed, in this process and in a child process', () => {
    const first = runEchoWorld('42');
    const second = runEchoWorld('42');
    expect(second).toEqual(first);
    expect(first.steps).toBeGreaterThan(2_000);

    expect(existsSync(COMPILED), 'run `npm run build` first (npm test does)').toBe(true);
    const child = JSON.parse(execFileSync(process.execPath, [COMPILED, '42'], { encoding: 'utf8' }));
    expect(child).toEqual(first);
  });

  it('gives different trace hashes for different seeds', () => {
    const hashes = new Set(['1', '2', '3', '4', '5'].map((seed) => runEchoWorld(seed).traceHash));
    expect(hashes.size).toBe(5);
  });
});
