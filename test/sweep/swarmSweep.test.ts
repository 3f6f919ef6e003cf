// The sweep CI runs on every change: every named scenario, 8 swarm seeds each (200 runs),
// on worker threads, with a tenth re-run on fresh workers to check determinism.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SweepFile } from '../../src/report/sweepFile.js';
import { scenarioNames } from '../../src/scenario/load.js';
import { scratchDir } from '../scratch.js';

const scratch = scratchDir('swarm');

describe('the swarm sweep', () => {
  it('passes 200 (scenario, seed) runs of every named scenario with random faults', () => {
    const file = join(scratch, 'sweep.json');
    const run = spawnSync(process.execPath, ['dist/cli/main.js', 'check', '--seeds', '1-8', '--swarm', '--workers', '2', '--recheck', '0.1', '--json', file], { encoding: 'utf8' });
    const sweep: SweepFile = JSON.parse(readFileSync(file, 'utf8'));
    const failures = sweep.runs.filter((r) => !r.ok).map((r) => `${r.replay}: ${r.failed.join(', ')} (${r.first})`);
    expect(failures).toEqual([]);
    expect(run.status).toBe(0);
    expect(sweep.summary.runs).toBe(scenarioNames().length * 8);
    expect(sweep.summary.runs).toBeGreaterThanOrEqual(200);
    expect(sweep.summary.rechecked).toBeGreaterThanOrEqual(10);
    expect(sweep.summary.recheckMismatches).toBe(0);
    // Seeds give different runs. (Across scenarios, two whose only difference was their faults
    // become the same run once swarm mode replaces the faults: equal hashes there are right.)
    for (const name of scenarioNames()) {
      const hashes = sweep.runs.filter((r) => r.scenario === name).map((r) => r.traceHash);
      expect(new Set(hashes).size, name).toBe(hashes.length);
    }
  });
});
