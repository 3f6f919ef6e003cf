// The acceptance test of issue 16, at a quarter of its size: a swarm sweep interrupted by SIGINT once 100
// runs are done exits 130 with every finished run written and marked interrupted; --resume runs the
// rest; the result is the uninterrupted sweep's, run for run and hash for hash.
// One scenario, the cheapest named one under swarm (baseline: about 16,000 events a run), and 500
// seeds, not the 2,000: that sweep took 97 s of CI's 600 (1,000 seeds took 63 s), and the
// interrupt still comes a fifth of the way in.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SweepFile } from '../../src/report/sweepFile.js';
import { recheckSample } from '../../src/run/recheck.js';
import { runJob } from '../../src/run/sweepJob.js';
import type { SweepRun } from '../../src/run/sweepJob.js';
import { journalLines, seqsim, start, waitFor } from './liveProcess.js';
import { scratchDir } from '../scratch.js';

const SEEDS = 500;
const SWEEP = ['check', 'baseline', '--seeds', `1-${SEEDS}`, '--swarm', '--workers', '2'];
const scratch = scratchDir('resume');
const read = (file: string): SweepFile => JSON.parse(readFileSync(file, 'utf8'));

describe('seqsim check, interrupted and resumed', () => {
  it('keeps every finished run on SIGINT (exit 130), and --resume completes the same sweep', { timeout: 300_000 }, async () => {
    const file = join(scratch, 'f.json');
    const journal = `${file}.partial`;
    const live = start([...SWEEP, '--json', file]);
    await waitFor(live, '100 runs in the journal', () => journalLines(journal) >= 101);
    const journaled: SweepRun[] = readFileSync(journal, 'utf8').split('\n').slice(1, -1).map((line) => JSON.parse(line).run);
    live.kill('SIGINT');
    const ended = await live.ended;

    expect(ended.code).toBe(130);
    expect(ended.err).toContain('SIGINT: no new runs');
    expect(existsSync(journal)).toBe(false);
    const interrupted = read(file);
    const done = interrupted.runs.length;
    expect(interrupted.summary).toMatchObject({ interrupted: true, runs: done, notRun: SEEDS - done, rechecked: 0 });
    // Every run the journal held when the signal came is in the file, unchanged.
    const bySeed = new Map(interrupted.runs.map((run) => [run.seed, run]));
    expect(journaled.length).toBeGreaterThanOrEqual(100);
    for (const run of journaled) expect(bySeed.get(run.seed)).toEqual(run);
    expect(ended.out).toContain('INTERRUPTED');
    expect(ended.out).toContain(`run the same command with --resume ${file}`);

    const resumed = seqsim([...SWEEP, '--resume', file]);
    expect(resumed.code).toBe(0);
    expect(resumed.out).toMatch(new RegExp(`Resumed: ${done} runs were done before, [\\d,]+ ran now`));
    const full = read(file);
    expect(full.runs.map((run) => run.seed)).toEqual(Array.from({ length: SEEDS }, (_, i) => String(i + 1)));
    expect(full.pending).toEqual([]);
    expect(full.summary).toMatchObject({ runs: SEEDS, passed: SEEDS, interrupted: false, notRun: 0, recheckMismatches: 0 });
    // The self-check covers the whole sweep, the runs from before the interrupt included.
    const sampled = recheckSample(full.runs.map((run) => ({ source: 'baseline', seed: run.seed, swarm: true, mutants: [] })), 0.05);
    expect(sampled.some((index) => bySeed.has(full.runs[index]!.seed))).toBe(true);
    expect(full.summary.rechecked).toBe(sampled.length);
    for (const run of interrupted.runs) expect(full.runs[Number(run.seed) - 1]).toEqual(run);

    // The uninterrupted sweep, for every run finished before the interrupt and every 20th after:
    // the same job run here, in this process, gives the same trace hash.
    const sample = full.runs.filter((run) => bySeed.has(run.seed) || Number(run.seed) % 20 === 0);
    expect(sample.length).toBeGreaterThanOrEqual(done + 10);
    const hashes = sample.map((run) => `${run.seed} ${runJob({ source: 'baseline', seed: run.seed, swarm: true, mutants: [] }).traceHash}`);
    expect(hashes).toEqual(sample.map((run) => `${run.seed} ${run.traceHash}`));
  });
});
