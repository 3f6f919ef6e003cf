// The determinism self-check must be able to fail: a run whose recorded hash differs from a
// re-run on fresh workers is reported, with where the two traces part.
import { describe, expect, it } from 'vitest';
import { firstDivergence, recheck, recheckSample } from '../../src/run/recheck.js';
import { runJob, type SweepJob } from '../../src/run/sweepJob.js';
import type { TraceRecord } from '../../src/sim/trace.js';

const record = (timeUs: number, kind: string, a: number): TraceRecord => ({ timeUs, kind, actor: 1, fields: { a } });

describe('the determinism self-check', () => {
  it('samples a stable share of the jobs, at least one', () => {
    const jobs: SweepJob[] = Array.from({ length: 1_000 }, (_, i) => ({ source: 'baseline', seed: String(i), swarm: false, mutants: [] }));
    const sample = recheckSample(jobs, 0.05);
    expect(sample).toEqual(recheckSample(jobs, 0.05));
    expect(sample.length).toBeGreaterThan(25);
    expect(sample.length).toBeLessThan(80);
    expect(recheckSample(jobs.slice(0, 1), 0.0001)).toEqual([0]);
    expect(recheckSample(jobs, 0)).toEqual([]);
  });

  it('finds the first event where two traces part', () => {
    const a = [record(1, 'x', 1), record(2, 'y', 2), record(3, 'z', 3)];
    expect(firstDivergence(a, a.map((r) => ({ ...r })))).toBeNull();
    expect(firstDivergence(a, [a[0]!, record(2, 'y', 9), a[2]!])).toEqual({ index: 1, expected: a[1], actual: record(2, 'y', 9) });
    expect(firstDivergence(a, a.slice(0, 2))).toEqual({ index: 2, expected: a[2], actual: null });
  });

  it('reports a run whose recorded hash a fresh worker does not reproduce', async () => {
    const jobs: SweepJob[] = ['1', '2'].map((seed) => ({ source: 'baseline', seed, swarm: false, mutants: [] }));
    const runs = jobs.map(runJob);
    // Planted: the sweep "recorded" a wrong hash for the second run, as a nondeterministic run would.
    const tampered = [runs[0]!, { ...runs[1]!, traceHash: '0000000000000000' }];
    const { rechecked, mismatches } = await recheck(jobs, tampered, 1, 1);
    expect(rechecked).toBe(2);
    expect(mismatches).toHaveLength(1);
    expect(mismatches[0]).toMatchObject({ job: jobs[1], expectedHash: '0000000000000000', actualHash: runs[1]!.traceHash });
    // The main thread and a worker agree on this run, so there is no diverging event to show.
    expect(mismatches[0]!.divergence).toBeNull();
  });

  it('reports a run whose re-run crashes its worker, without asking that worker for its trace', async () => {
    const jobs: SweepJob[] = ['1', '2'].map((seed) => ({ source: 'baseline', seed, swarm: false, mutants: [] }));
    const runs = jobs.map(runJob);
    // Workers copy the environment when they start: only the re-check's fresh workers crash on seed 2.
    process.env['SEQSIM_TEST_CRASH_JOB'] = 'baseline/2';
    try {
      const { rechecked, mismatches } = await recheck(jobs, runs, 1, 1);
      expect(rechecked).toBe(2);
      expect(mismatches).toEqual([{ job: jobs[1], expectedHash: runs[1]!.traceHash, actualHash: '', divergence: null }]);
    } finally {
      delete process.env['SEQSIM_TEST_CRASH_JOB'];
    }
  });
});
