// A worker thread that dies is not a lost sweep: the job that kills it is reported as a failed
// run with its replay command and the error, and every other job runs, on fresh workers. The
// crash is planted with the test-only SEQSIM_TEST_CRASH_JOB hook (the worker exits on that job),
// not with a mutant of the system.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SweepFile } from '../../src/report/sweepFile.js';
import { crashedRun, runJob } from '../../src/run/sweepJob.js';
import { seqsim } from './liveProcess.js';
import { scratchDir } from '../scratch.js';

const scratch = scratchDir('crash');

describe('a worker that dies', () => {
  it('is reported as a crashed run with its replay and error, and the sweep finishes every other run', () => {
    const json = join(scratch, 'crash.json');
    const junit = join(scratch, 'crash.xml');
    // On one worker 12 jobs go out in batches of 2, then 1: seed 3 shares a batch with seed 4, so its run
    // dies with the worker and has to be run again.
    const sweep = seqsim(['check', 'ios-background', '--seeds', '1-12', '--swarm', '--workers', '1', '--recheck', '1', '--json', json, '--junit', junit], { SEQSIM_TEST_CRASH_JOB: 'ios-background/4' });

    expect(sweep.code).toBe(1);
    expect(sweep.err).not.toMatch(/^\s+at /m);
    const file: SweepFile = JSON.parse(readFileSync(json, 'utf8'));
    expect(file.runs.map((run) => run.seed)).toEqual(Array.from({ length: 12 }, (_, i) => String(i + 1)));
    const crashed = file.runs.filter((run) => run.outcome === 'crashed');
    expect(crashed).toMatchObject([
      {
        scenario: 'ios-background',
        seed: '4',
        traceHash: '',
        ok: false,
        outcome: 'crashed',
        failed: ['worker-crash'],
        first: 'the worker crashed: worker exited with code: 1',
        replay: 'seqsim run ios-background --seed 4 --swarm',
        events: 0,
        wallTimeMs: 0,
        // It delivered nothing the sweep could pool.
        latency: { healthy: { count: 0 }, reconnected: { count: 0 }, woken: { count: 0 } },
      },
    ]);
    // A crashed run has no hash to compare: the self-check re-runs every other run.
    expect(file.summary).toMatchObject({ runs: 12, passed: 11, failed: 1, crashed: 1, invariants: { 'worker-crash': 1 }, rechecked: 11, recheckMismatches: 0 });
    expect(sweep.out).toContain('ios-background seed 4: worker-crash (the worker crashed: worker exited with code: 1)');
    expect(sweep.out).toContain('    seqsim run ios-background --seed 4 --swarm');
    expect(readFileSync(junit, 'utf8')).toMatch(/<testcase classname="seqsim.ios-background" name="seed 4"[^>]*>\s*<failure message="crashed: worker-crash" type="worker-crash">/);

    // The other runs are the ones an undisturbed sweep gives.
    const others = file.runs.filter((run) => run.seed !== '4');
    const expected = others.map((run) => `${run.seed} ${runJob({ source: 'ios-background', seed: run.seed, swarm: true, mutants: [] }).traceHash}`);
    expect(others.map((run) => `${run.seed} ${run.traceHash}`)).toEqual(expected);

    // The replay is a real command: it runs in the main thread, where no crash is planted.
    const replay = seqsim([...crashed[0]!.replay.split(' ').slice(1), '--no-html', '--out', join(scratch, 'replay')], { SEQSIM_TEST_CRASH_JOB: 'ios-background/4' });
    expect(replay.code).toBe(0);
  });

  it('is reported even when the job cannot be built, named by its source, with a replay that shows the error', () => {
    // Building the spec throws here as a swarm draw once did: the record must not throw again.
    const job = { source: 'no-such-scenario', seed: '5', swarm: true, mutants: [], set: ['knobs.pageSize=3'] };
    const run = crashedRun(job, new RangeError('int(1, 1): empty range'));
    expect(run).toMatchObject({ scenario: 'no-such-scenario', seed: '5', ok: false, outcome: 'crashed', failed: ['worker-crash'], first: 'the worker crashed: int(1, 1): empty range' });
    expect(run.replay).toBe('seqsim run no-such-scenario --seed 5 --swarm --set knobs.pageSize=3');
  });
});
