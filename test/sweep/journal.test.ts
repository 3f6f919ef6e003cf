// A sweep killed outright (SIGKILL: no chance to write anything) keeps every finished run in its
// journal; --resume reads it, ignores a last line cut short, and writes exactly what the
// uninterrupted sweep writes, wall times aside. A resume of another sweep exits 2 saying what
// differs; a resume of a finished sweep runs nothing.
import { appendFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SweepFile } from '../../src/report/sweepFile.js';
import { VERSION } from '../../src/version.js';
import { journalLines, seqsim, start, waitFor } from './liveProcess.js';
import { scratchDir } from '../scratch.js';

// Two scenarios, so that the job list crosses from one to the other; a planted bug, so that some
// runs fail and the failure counts must match too (of these, ios-background's seed 8 passes).
const ARGS = ['ios-background', 'mutant-hunt', '--seeds', '1-30', '--swarm', '--mutant', 'no-send-dedup'];
const JOBS = 60;
// The worker count is not part of the sweep: the killed sweep has two, the others one (less CPU).
const SWEEP = ['check', ...ARGS, '--workers', '1'];
const scratch = scratchDir('journal');
const killed = join(scratch, 'killed.json');
const uninterrupted = join(scratch, 'uninterrupted.json');
const read = (file: string): SweepFile => JSON.parse(readFileSync(file, 'utf8'));

/** The file without what may differ between two runs of the same sweep: wall times and speed. */
function withoutWallTimes(file: SweepFile) {
  const { wallTimeMs: _wall, seedsPerSec: _speed, ...summary } = file.summary;
  return { ...file, runs: file.runs.map(({ wallTimeMs: _ms, ...run }) => run), summary };
}

describe('the sweep journal', () => {
  it('survives SIGKILL with every finished run; --resume ignores a cut last line and equals the uninterrupted sweep', { timeout: 300_000 }, async () => {
    const journal = `${killed}.partial`;
    const live = start([...SWEEP, '--workers', '2', '--json', killed]);
    await waitFor(live, '15 runs in the journal', () => journalLines(journal) >= 16);
    live.kill('SIGKILL');
    expect((await live.ended).signal).toBe('SIGKILL');
    expect(existsSync(killed)).toBe(false);
    const lines = readFileSync(journal, 'utf8').split('\n');
    expect(lines.at(-1)).toBe(''); // one whole line per run
    const kept = lines.slice(1, -1).map((line) => JSON.parse(line).run);
    expect(kept.length).toBeGreaterThanOrEqual(15);
    // As a kill in the middle of a write would leave it.
    appendFileSync(journal, lines.at(-2)!.slice(0, 60));

    const resumed = seqsim([...SWEEP, '--resume', killed]);
    expect(resumed.err).not.toMatch(/^\s+at /m);
    expect(resumed.code).toBe(1);
    expect(resumed.out).toMatch(new RegExp(`Resumed: ${kept.length} runs were done before, ${JOBS - kept.length} ran now`));
    expect(existsSync(journal)).toBe(false);

    expect(seqsim([...SWEEP, '--json', uninterrupted]).code).toBe(1);
    const expected = read(uninterrupted);
    expect(expected.summary.failed).toBeGreaterThan(0);
    expect(expected.summary.passed).toBeGreaterThan(0);
    expect(withoutWallTimes(read(killed))).toEqual(withoutWallTimes(expected));
  });

  it('says a finished sweep is finished, with its verdict, and runs and writes nothing', () => {
    const before = statSync(uninterrupted).mtimeMs;
    const again = seqsim([...SWEEP, '--resume', uninterrupted]);
    expect(again.code).toBe(1);
    expect(again.out).toContain('this sweep finished (it was not interrupted); nothing to resume');
    expect(again.out).toContain('FAILED: ');
    expect(statSync(uninterrupted).mtimeMs).toBe(before);
  });

  const otherVersion = join(scratch, 'other-version.json');
  const cases: [string, string[], RegExp][] = [
    ['other seeds', ['check', 'ios-background', 'mutant-hunt', '--seeds', '1-29', '--swarm', '--mutant', 'no-send-dedup'], /it ran --seeds 1-30, this command has --seeds 1-29$/m],
    ['other scenarios', ['check', 'ios-background', '--seeds', '1-30', '--swarm', '--mutant', 'no-send-dedup'], /it ran scenarios ios-background mutant-hunt, this command has scenarios ios-background$/m],
    ['no --swarm', ['check', 'ios-background', 'mutant-hunt', '--seeds', '1-30', '--mutant', 'no-send-dedup'], /it ran --swarm, this command has no --swarm$/m],
    ['other mutants', ['check', 'ios-background', 'mutant-hunt', '--seeds', '1-30', '--swarm'], /it ran --mutant no-send-dedup, this command has no --mutant$/m],
    ['a shard', ['check', ...ARGS, '--shard', '1/2'], /it ran no --shard, this command has --shard 1\/2$/m],
  ];
  it.each(cases)('a resume with %s exits 2, saying what differs, before running anything', (_what, args, message) => {
    const run = seqsim([...args, '--resume', uninterrupted]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/^seqsim: --resume \S+uninterrupted\.json: not the same sweep: /);
    expect(run.err).toMatch(message);
    expect(run.err.trim().split('\n')).toHaveLength(1);
    expect(run.out).toBe('');
  });

  it('a resume of a file another seqsim version wrote exits 2, naming both versions', () => {
    const file = read(uninterrupted);
    writeFileSync(otherVersion, JSON.stringify({ ...file, sweep: { ...file.sweep, version: '0.0.1' } }));
    const run = seqsim([...SWEEP, '--resume', otherVersion]);
    expect(run.code).toBe(2);
    expect(run.err).toBe(`seqsim: --resume ${otherVersion}: not the same sweep: it was run by seqsim 0.0.1, this is seqsim ${VERSION}\n`);
  });

  it('a --json file that cannot be written exits 2 with one line, before any run', () => {
    const run = seqsim(['check', 'baseline', '--seeds', '1', '--json', join(scratch, 'no-such-dir', 'f.json')]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/^seqsim: --json \S+no-such-dir\/f\.json: the directory \S+no-such-dir does not exist\n$/);
    expect(run.out).toBe('');
  });

  it('a resume of a missing file, or of a merged file, exits 2 with one line', () => {
    const missing = seqsim([...SWEEP, '--resume', join(scratch, 'none.json')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/none\.json: no such file\n$/);
    const merged = join(scratch, 'merged.json');
    seqsim(['merge', uninterrupted, '--json', merged]);
    const notResumable = seqsim([...SWEEP, '--resume', merged]);
    expect(notResumable.code).toBe(2);
    expect(notResumable.err).toMatch(/merged\.json: cannot be resumed: it names no sweep/);
  });
});
