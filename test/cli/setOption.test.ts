// `--set path=value` through the built binary: a bad path, value or spelling is refused by every
// command that takes it, with exit 2 and one line naming the override and what was expected; a
// run with overrides records them and its replay matches its trace hash; they are part of a
// sweep's identity; and they cannot replace the faults swarm mode draws.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectRefusal, seqsim } from './binary.js';
import { scratchDir } from '../scratch.js';

const scratch = scratchDir('set');

describe('--set refuses what the scenario schema refuses, naming the override', () => {
  const failing = join(scratch, 'failing');
  const commands: [string, string[]][] = [
    ['run', ['run', 'baseline', '--no-html', '--out', join(scratch, 'never')]],
    ['check', ['check', 'baseline', '--seeds', '1', '--workers', '1']],
    ['mutants', ['mutants', '--seeds', '1', '--workers', '1', '--only', 'no-push']],
    ['shrink', ['shrink', join(failing, 'report.json'), '--out', join(scratch, 'shrunk')]],
  ];

  it.each(commands)('%s: an unknown field, a value of the wrong type, and no "="', (_name, args) => {
    if (args[0] === 'shrink') seqsim(['run', 'baseline', '--seed', '3', '--mutant', 'client-cursor-before-store', '--no-html', '--out', failing]);
    expectRefusal(seqsim([...args, '--set', 'knobs.pageSizee=20']), /^seqsim: --set knobs\.pageSizee=20: knobs: no field "pageSizee"; expected one of .*\bheartbeatIntervalMs, .*\bpageSize, /);
    expectRefusal(seqsim([...args, '--set', 'knobs.pageSize=twenty']), /^seqsim: --set knobs\.pageSize=twenty: knobs\.pageSize: Invalid input: expected number, received string$/m);
    expectRefusal(seqsim([...args, '--set', 'knobs.pageSize']), /^seqsim: --set knobs\.pageSize: expected <path>=<value>, e\.g\. --set knobs\.pageSize=20$/m);
  });

  it('names the override among several, and says what a field that takes two forms expects', () => {
    expectRefusal(
      seqsim(['run', 'baseline', '--no-html', '--set', 'users.count=50', '--set', 'network.device=5g']),
      /--set network\.device=5g: network\.device: expected one of "good-wifi"\|.*"elevator", or expected object, received string$/m,
    );
    expectRefusal(seqsim(['run', 'baseline', '--no-html', '--set', 'users.count=0']), /--set users\.count=0: users\.count: Too small/);
    expectRefusal(seqsim(['run', 'baseline', '--no-html', '--set', 'faults[3].at=5']), /--set faults\[3\]\.at=5: faults is a list of 0; expected an index from 0 to 0$/m);
  });
});

describe('a run with --set', () => {
  it('records its overrides, and its replay matches its trace hash', () => {
    const out = join(scratch, 'paged');
    const run = seqsim(['run', 'reinstall', '--seed', '2', '--set', 'knobs.pageSize=3', '--set', 'heal.foreground=false', '--json', '--no-html', '--out', out]);
    expect(run.code, run.err).toBe(0);
    const report = JSON.parse(run.out);
    expect(report.input.set).toEqual(['knobs.pageSize=3', 'heal.foreground=false']);
    expect(report.input.scenario.knobs.pageSize).toBe(3);
    expect(report.input.scenario.heal.foreground).toBe(false);
    expect(report.replay).toBe('seqsim run reinstall --seed 2 --set knobs.pageSize=3 --set heal.foreground=false');
    // The override changed the run: pages of 3 take more pulls than the scenario's pages of 5.
    const plain = JSON.parse(seqsim(['run', 'reinstall', '--seed', '2', '--json', '--no-html', '--out', join(scratch, 'plain')]).out);
    expect(report.traceHash).not.toBe(plain.traceHash);
    expect(report.cost.pullsByReason.more).toBeGreaterThan(plain.cost.pullsByReason.more);

    const replay = seqsim(['replay', join(out, 'report.json'), '--json']);
    expect(JSON.parse(replay.out)).toMatchObject({ matches: true, replayed: report.traceHash });
    const again = seqsim([...report.replay.split(' ').slice(1), '--json', '--no-html', '--out', join(scratch, 'again')]);
    expect(JSON.parse(again.out).traceHash).toBe(report.traceHash);
  });

  it('quotes a value the shell would split in the replay command', () => {
    const run = seqsim(['run', 'baseline', '--seed', '1', '--set', 'users.devices=[["ios"], ["android"]]', '--json', '--no-html', '--out', join(scratch, 'quoted')]);
    expect(run.code, run.err).toBe(0);
    expect(JSON.parse(run.out).replay).toBe(`seqsim run baseline --seed 1 --set 'users.devices=[["ios"], ["android"]]'`);
  });
});

describe('a sweep with --set', () => {
  it('puts the overrides in every replay command and in the sweep identity --resume checks', () => {
    const json = join(scratch, 'sweep.json');
    const sweep = seqsim(['check', 'baseline', '--seeds', '1-2', '--set', 'knobs.pageSize=3', '--workers', '1', '--recheck', '0', '--json', json]);
    expect(sweep.code, sweep.err).toBe(0);
    const file = JSON.parse(readFileSync(json, 'utf8'));
    expect(file.sweep.set).toEqual(['knobs.pageSize=3']);
    expect(file.runs.map((run: { replay: string }) => run.replay)).toEqual(['seqsim run baseline --seed 1 --set knobs.pageSize=3', 'seqsim run baseline --seed 2 --set knobs.pageSize=3']);
    expectRefusal(seqsim(['check', 'baseline', '--seeds', '1-2', '--resume', json]), /--resume \S+sweep\.json: not the same sweep: it ran --set knobs\.pageSize=3, this command has no --set$/m);
  });

  it('refuses to set the faults that --swarm draws', () => {
    expectRefusal(seqsim(['check', 'baseline', '--seeds', '1', '--swarm', '--set', 'faults=[]']), /--set faults=\[\]: --swarm draws the faults for each seed; set faults in the scenario file, or run without --swarm$/m);
  });
});
