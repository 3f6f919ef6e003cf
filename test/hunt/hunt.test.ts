// seqsim hunt: the same seed and budget give the same hunt on one worker or two; every failure it
// reports replays, from the scenario file it wrote, to the same invariant; SIGTERM stops it with
// what it found, as it stops check and mutants.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seqsim, start, waitFor } from '../sweep/liveProcess.js';
import { scratchDir } from '../scratch.js';

const scratch = scratchDir('hunt');

describe('seqsim hunt', () => {
  it('is the same hunt for a seed and budget on any number of workers, and each failure replays to its invariant', () => {
    const out = join(scratch, 'hunt');
    const hunt = (workers: string) => seqsim(['hunt', 'mutant-hunt', '--budget', '16', '--seed', '3', '--mutant', 'ack-before-durable', '--json', '--workers', workers, '--out', out]);
    const one = hunt('1');
    const two = hunt('2');
    expect(one.code, one.err).toBe(1);
    expect(two.out).toBe(one.out);
    const result = JSON.parse(one.out);
    expect(result).toMatchObject({ runs: 16, interrupted: false });
    expect(result.coverage.hit).toBeGreaterThan(10);
    expect(result.coverage.hit).toBeLessThanOrEqual(result.coverage.total);
    expect(result.failures.length).toBeGreaterThan(0);
    const [first] = result.failures;
    expect(first.replay).toMatch(new RegExp(`^seqsim run ${out}/run-\\d+\\.yaml --seed 3\\.\\d+ --mutant ack-before-durable$`));
    const [, ...args] = first.replay.split(' ');
    const replay = seqsim([...args, '--json', '--no-html', '--out', join(scratch, 'replay')]);
    expect(replay.code).toBe(1);
    const failed = JSON.parse(replay.out).invariants.filter((i: { ok: boolean }) => !i.ok).map((i: { name: string }) => i.name);
    expect(failed[0]).toBe(first.invariant);
  });

  it('stops on SIGTERM after the batch under way, prints what it found, and exits 143', async () => {
    const live = start(['hunt', 'mutant-hunt', '--budget', '2000', '--workers', '1', '--out', join(scratch, 'stopped')]);
    await waitFor(live, 'the first batch', () => live.out().includes('hunt: 8/2,000 runs'));
    live.kill('SIGTERM');
    const ended = await live.ended;
    expect(ended.code).toBe(143);
    expect(ended.err).toContain('seqsim hunt: SIGTERM: no new runs');
    expect(ended.out).toMatch(/INTERRUPTED: \d+ runs, \d+\/\d+ coverage points reached/);
  });
});
