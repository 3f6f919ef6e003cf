// A run's coverage counts are part of the run: the same seed gives the same counts in this process,
// on a worker thread, and in a child process through the CLI.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SweepPool } from '../../src/run/pool.js';
import { runJob, type SweepJob } from '../../src/run/sweepJob.js';
import { scratchDir } from '../scratch.js';

const scratch = scratchDir('coverage');

const job: SweepJob = { source: 'mutant-hunt', seed: '4', swarm: true, mutants: [] };

describe('coverage counts', () => {
  it('are equal in-process, on a worker and in a child process', async () => {
    const inProcess = runJob(job).coverage!;
    // The run reaches some points and not others, so equal counts say something.
    expect(Object.values(inProcess).some((hits) => hits > 1)).toBe(true);
    expect(Object.values(inProcess).some((hits) => hits === 0)).toBe(true);

    const pool = new SweepPool(1);
    try {
      const [onWorker] = await pool.run([job]);
      expect(onWorker!.coverage).toEqual(inProcess);
    } finally {
      await pool.close();
    }

    const child = spawnSync(process.execPath, ['dist/cli/main.js', 'run', 'mutant-hunt', '--seed', job.seed, '--swarm', '--no-html', '--json', '--out', scratch], { encoding: 'utf8' });
    expect(child.status, child.stderr).toBe(0);
    expect(JSON.parse(child.stdout).coverage).toEqual(inProcess);
    expect(JSON.parse(readFileSync(join(scratch, 'report.json'), 'utf8')).coverage).toEqual(inProcess);
  });
});
