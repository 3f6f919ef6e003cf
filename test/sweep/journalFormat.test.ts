// The journal and result-file pieces that --resume relies on, in process: a journal reads back
// what was appended and forgives only a cut last line; pending jobs pack into ranges; two sweeps
// are the same sweep exactly when their version and fingerprint agree.
import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pendingRanges, readSweepFile, summarize, writeSweepFile, type SweepFile } from '../../src/report/sweepFile.js';
import { readJournal, SweepJournal } from '../../src/report/sweepJournal.js';
import { sweepDifference, sweepIdentity, type SweepArguments } from '../../src/run/sweepIdentity.js';
import type { SweepJob } from '../../src/run/sweepJob.js';
import { sweepRun } from '../sweepRunFixture.js';
import { InputError } from '../../src/scenario/errors.js';
import { loadScenario } from '../../src/scenario/load.js';
import { scratchDir } from '../scratch.js';

const scratch = scratchDir('journal-format');
const run = (seed: string) => sweepRun({ seed });
const jobsOf = (seeds: readonly string[]): SweepJob[] => seeds.map((seed) => ({ source: 'baseline', seed, swarm: false, mutants: [] }));
const args = (seeds: string): SweepArguments => ({ scenarios: ['baseline'], seeds, swarm: false, mutants: [], shard: null });
const baseline = [loadScenario('baseline').scenario];
const identity = sweepIdentity(args('1-3'), baseline, jobsOf(['1', '2', '3']));

describe('the sweep journal format', () => {
  it('reads back the runs it started with and those appended, by job index', () => {
    const file = join(scratch, 'a.partial');
    const journal = SweepJournal.start(file, identity, [run('1'), undefined, undefined]);
    journal.append(2, run('3'));
    expect(readJournal(file)).toEqual({ sweep: identity, runs: new Map([[0, run('1')], [2, run('3')]]) });
  });

  it('ignores a last line cut short, and only the last', () => {
    const file = join(scratch, 'b.partial');
    SweepJournal.start(file, identity).append(1, run('2'));
    appendFileSync(file, '{"job":2,"run":{"scena');
    expect([...readJournal(file).runs.keys()]).toEqual([1]);
    appendFileSync(file, '\n{"job":0,"run":{"seed":"1"}}\n');
    expect(() => readJournal(file)).toThrow(/b\.partial:3: not a JSON line of a sweep journal/);
  });

  it('refuses a file that is not a journal, and a run of no job of its sweep', () => {
    const other = join(scratch, 'c.partial');
    writeFileSync(other, '{"runs": []}\n');
    expect(() => readJournal(other)).toThrow(InputError);
    const file = join(scratch, 'd.partial');
    SweepJournal.start(file, identity).append(3, run('4'));
    expect(() => readJournal(file)).toThrow(/d\.partial:2: job 3 is not one of this sweep's 3/);
  });
});

describe('pending ranges', () => {
  it('packs the jobs not run into index ranges', () => {
    const some = run('x');
    expect(pendingRanges([some, some])).toEqual([]);
    expect(pendingRanges([some, undefined, undefined, some, undefined])).toEqual([
      [1, 2],
      [4, 4],
    ]);
  });
});

describe('the same sweep', () => {
  it('is told by version and fingerprint, whatever the spelling of the seeds', () => {
    expect(sweepDifference(identity, sweepIdentity(args('3'), baseline, jobsOf(['1', '2', '3'])))).toBeNull();
    expect(sweepDifference(identity, sweepIdentity(args('1-4'), baseline, jobsOf(['1', '2', '3', '4'])))).toBe('it ran --seeds 1-3, this command has --seeds 1-4');
    expect(sweepDifference({ ...identity, version: '0.0.1' }, identity)).toMatch(/^it was run by seqsim 0\.0\.1, this is seqsim /);
  });

  it('is another sweep when a scenario changed, though the arguments are the same', () => {
    const edited = [{ ...baseline[0]!, durationMs: 1_000 }];
    expect(sweepDifference(identity, sweepIdentity(args('1-3'), edited, jobsOf(['1', '2', '3'])))).toBe('a scenario it ran has changed since');
  });

  it('writes a result file that reads back as it was, one run a line, never as one string', () => {
    const noDeliveries = { count: 0, boundMs: 100, overBound: 0, maxMs: 0, histogram: [] };
    // Each run about 2 KB: 1,000 of them cross the writer's 1 MiB chunk.
    const runs = Array.from({ length: 1_000 }, (_, i) => ({ ...run(String(i + 1)), first: 'x'.repeat(2_000), latency: { healthy: noDeliveries, reconnected: noDeliveries, woken: noDeliveries }, latencyBoundMs: 100, cost: null }));
    const summary = summarize(runs, { rechecked: 0, recheckMismatches: 0, wallTimeMs: 1, timedRuns: runs.length, interrupted: false, notRun: 0 });
    const cases: [string, SweepFile][] = [
      ['full.json', { sweep: identity, pending: [[3, 7]], runs, summary }],
      ['merged.json', { runs: runs.slice(0, 2), summary }],
      ['empty.json', { sweep: identity, pending: [[0, 2]], runs: [], summary }],
    ];
    for (const [name, file] of cases) {
      const path = join(scratch, name);
      writeSweepFile(path, file);
      expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(file);
      expect(readSweepFile(path).runs).toHaveLength(file.runs.length);
    }
    const lines = readFileSync(join(scratch, 'full.json'), 'utf8').split('\n');
    expect(lines.filter((line) => line.startsWith('    {"scenario":'))).toHaveLength(1_000);
    expect(statSync(join(scratch, 'full.json')).size).toBeGreaterThan(2 ** 21);
  });
});
