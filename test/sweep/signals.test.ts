// How `seqsim check` answers signals: SIGTERM (a CI runner cancelling, a pod evicted) stops it
// like SIGINT, writes JSON, JUnit and the failed runs' replays for what finished, and exits 143;
// a second signal abandons the runs in progress instead of waiting for them.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SweepFile } from '../../src/report/sweepFile.js';
import { journalLines, seqsim, sleep, start, waitFor } from './liveProcess.js';
import { scratchDir } from '../scratch.js';

const scratch = scratchDir('signals');
const read = (file: string): SweepFile => JSON.parse(readFileSync(file, 'utf8'));

describe('seqsim check under signals', () => {
  it('stops on SIGTERM, writes JSON, JUnit and every failed run with its replay for what finished, and exits 143', async () => {
    const json = join(scratch, 'term.json');
    const junit = join(scratch, 'term.xml');
    // A planted bug fails about half the runs, so there are failures to list.
    const live = start(['check', 'ios-background', '--seeds', '1-300', '--swarm', '--mutant', 'no-send-dedup', '--workers', '2', '--json', json, '--junit', junit]);
    await waitFor(live, '30 runs in the journal', () => journalLines(`${json}.partial`) >= 31);
    live.kill('SIGTERM');
    const ended = await live.ended;

    expect(ended.code).toBe(143);
    expect(ended.err).toContain('seqsim check: SIGTERM: no new runs');
    const file = read(json);
    expect(file.summary).toMatchObject({ interrupted: true, runs: file.runs.length, notRun: 300 - file.runs.length });
    expect(file.runs.length).toBeGreaterThanOrEqual(30);
    // One case per finished run, and one for the scenario's pooled latency verdict.
    expect(readFileSync(junit, 'utf8').match(/<testcase /g)).toHaveLength(file.runs.length + 1);
    const failures = file.runs.filter((run) => !run.ok);
    expect(failures.length).toBeGreaterThan(0);
    // The terminal lists the first 25 failed runs, each with its replay command.
    for (const run of failures.slice(0, 25)) expect(ended.out).toContain(`ios-background seed ${run.seed}: no-duplicate`);
    for (const run of failures.slice(0, 25)) expect(ended.out).toContain(run.replay);
    expect(ended.out).toMatch(/INTERRUPTED: \d+\/\d+ runs passed, \d+ not run/);
    // A merge of an interrupted shard says the merged sweep is missing jobs.
    const merged = join(scratch, 'merged.json');
    seqsim(['merge', json, '--json', merged]);
    expect(read(merged).summary).toMatchObject({ interrupted: true, notRun: 300 - file.runs.length });
  });

  it('abandons a run in progress on a second SIGINT, where one SIGINT waits for it', async () => {
    // One run of this takes many seconds (about 16 s here), so the first signal has to wait.
    const slow = join(scratch, 'slow.yaml');
    writeFileSync(slow, 'durationMs: 600000\nmaxSteps: 100000000\nusers: { count: 400, devices: [[ios, android]] }\nworkload: { sendsPerUserPerMin: 20 }\n');
    const json = join(scratch, 'abort.json');
    const live = start(['check', slow, '--seeds', '1-3', '--workers', '1', '--json', json]);
    await waitFor(live, 'the sweep to start', () => journalLines(`${json}.partial`) >= 1);
    await sleep(1_500); // the worker is inside the first run by now
    live.kill('SIGINT');
    await sleep(1_500);
    expect(live.running()).toBe(true); // still finishing the running run
    const abortedAtMs = performance.now();
    live.kill('SIGINT');
    const ended = await live.ended;

    expect(performance.now() - abortedAtMs).toBeLessThan(6_000);
    expect(ended.code).toBe(130);
    expect(ended.err).toContain('SIGINT again: abandoning the runs in progress');
    expect(read(json).summary).toMatchObject({ interrupted: true, runs: 0, notRun: 3 });
  });
});
