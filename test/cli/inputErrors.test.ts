// Issue 12, tried as a new user would: every input gets a clear answer. A directory, a "billion
// laughs", an empty file, a fault aimed at a server that does not exist, a run too big to
// finish, and every command's arguments are refused with exit 2 and one line; a selector that
// hits nobody in a small world is a warning and the run goes on; a latency class with no
// deliveries shows "-", not "0".
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectRefusal, seqsim } from './binary.js';
import { scratchDir } from '../scratch.js';

const scratch = scratchDir('input');
function file(name: string, content: string): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

function billionLaughs(): string {
  const lines = ['lol: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let level = 1; level <= 9; level++) lines.push(`l${level}: &a${level} [${Array.from({ length: 9 }, () => `*a${level - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\ndescription: *a9\n`;
}

describe('the examples of issue 12', () => {
  it('refuses a directory', () => {
    const dir = join(scratch, 'some-directory');
    mkdirSync(dir);
    expectRefusal(seqsim(['run', `${dir}/`]), /some-directory: is a directory, expected a file$/m);
  });

  it('refuses a billion laughs', () => {
    expectRefusal(seqsim(['run', file('laughs.yaml', billionLaughs())]), /laughs\.yaml: aliases expand too far .*at most 100 alias expansions/);
  });

  it('refuses an empty file and says what {} means', () => {
    expectRefusal(seqsim(['run', file('empty.yaml', '')]), /empty\.yaml: is empty \(no YAML content\); write \{\} for a scenario with every default/);
  });

  it('refuses a fault aimed at a server that does not exist, before the run', () => {
    const out = join(scratch, 'sendsvr-99');
    const scenario = file('sendsvr-99.yaml', 'faults:\n  - { at: 1000, for: 5000, kind: crash, target: sendsvr-0 }\n  - { at: 2000, for: 5000, kind: crash, target: sendsvr-99 }\n');
    expectRefusal(seqsim(['run', scenario, '--out', out]), /sendsvr-99\.yaml: faults\[1\]\.target: sendsvr-99 selects nothing: sendsvr-0\.\.1 exist$/m);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a million users for ten minutes up front with the estimate, in well under a second of work', () => {
    const run = seqsim(['run', file('million.yaml', 'durationMs: 600000\nusers: { count: 1000000 }\n'), '--no-html']);
    expectRefusal(run, /million\.yaml: maxSteps: the run is estimated at [\d,]+ events .* over its watchdog budget of 20,000,000/);
    expect(run.err).toMatch(/users\.count: the run would hold about [\d.]+ GiB/);
  });

  it('warns about a share that rounds to no device, runs anyway, and shows "-" for classes with no deliveries', () => {
    const out = join(scratch, 'small-world');
    const scenario = file('small.yaml', 'durationMs: 20000\nusers: { count: 4, devices: [android] }\nfaults:\n  - { at: 5000, for: 3000, kind: offline, target: devices-10% }\n');
    const run = seqsim(['run', scenario, '--out', out]);
    expect(run.code, run.err).toBe(0);
    expect(run.err).toMatch(/^seqsim: warning: .*small\.yaml: faults\[0\]\.target: devices-10% of 4 devices rounds to none, so it hits 1 device\n$/);
    // The terminal, report.md and report.html: numbers where there were deliveries, "-" where none.
    expect(run.out).toMatch(/│ healthy\s+│ \d+\s+│ [\d.]+\s+│/);
    // Every figure is '-'; the last column is the class's bound, which it has deliveries or not.
    expect(run.out).toMatch(/│ woken\s+│ -\s+│ -\s+│ -\s+│ -\s+│ -\s+│ -\s+│ [\d,]+\s+│/);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/\| woken \| - \| - \| - \| - \| - \| - \| [\d,]+ \|/);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(new RegExp(`<tr><td>woken</td>${'<td class="num">-</td>'.repeat(6)}<td class="num">[\\d,]+</td></tr>`));
  });
});

describe('command arguments', () => {
  const aFile = file('a-file', 'not a directory\n');
  const aDir = join(scratch, 'a-dir');
  mkdirSync(aDir);
  const sweep = file('sweep.json', JSON.stringify({ runs: [], summary: { rechecked: 0, recheckMismatches: 0, wallTimeMs: 0 } }));
  const runReport = file('report.json', JSON.stringify({ traceHash: '0123456789abcdef', input: { seed: '1', source: 'baseline', scenario: {} } }));
  const cases: [string, string[], RegExp][] = [
    ['--out naming a file', ['run', 'baseline', '--out', aFile], /--out .*a-file: is a file, expected a directory/],
    ['--out under a file', ['run', 'baseline', '--out', join(aFile, 'sub')], /--out .*a-file\/sub: .*a-file is a file, not a directory/],
    ['an empty --seed', ['run', 'baseline', '--seed', ''], /--seed: expected a seed, got an empty string/],
    ['--seeds 0', ['check', 'baseline', '--seeds', '0'], /--seeds 0: expected at least one seed/],
    ['a sweep too big to hold', ['check', '--seeds', '1-9999999'], /--seeds 1-9999999 over \d+ scenarios: [\d,]+ runs, and one sweep holds at most 500,000; split it with --shard K\/N/],
    ['a --json sweep too big to read back', ['check', 'baseline', '--seeds', '1-200000', '--json', join(scratch, 'big.json')], /200,000 runs, and one sweep written with --json holds at most 150,000/],
    ['--recheck that is not a number', ['check', 'baseline', '--recheck', ' '], /--recheck  : expected a share from 0 to 1/],
    ['check --json in a missing directory', ['check', 'baseline', '--seeds', '1', '--json', join(scratch, 'nowhere', 'sweep.json')], /--json .*: the directory .*nowhere does not exist/],
    ['check --junit naming a directory', ['check', 'baseline', '--seeds', '1', '--junit', aDir], /--junit .*a-dir: is a directory, expected a file/],
    ['check --html naming a file', ['check', 'baseline', '--seeds', '1', '--html', aFile], /--html .*a-file: is a file, expected a directory/],
    // Where permission bits say yes (to root) and the kernel says no: a stack trace after the sweep
    // for --junit and --out, and for --html a hang (mkdirSync's recursive mode retries forever there).
    ['check --junit under /proc', ['check', 'baseline', '--seeds', '1', '--junit', '/proc/seqsim.xml'], /--junit \/proc\/seqsim\.xml: (cannot be written|cannot write in \/proc)/],
    ['check --html under /proc', ['check', 'baseline', '--seeds', '1', '--html', '/proc/seqsim/pages'], /--html \/proc\/seqsim\/pages: (cannot make \/proc\/seqsim|cannot write in \/proc)/],
    ['run --out under /sys', ['run', 'baseline', '--out', '/sys/seqsim'], /--out \/sys\/seqsim: (cannot make \/sys\/seqsim|cannot write in \/sys)/],
    ['merge --json under a file', ['merge', sweep, '--json', join(aFile, 'merged.json')], /--json .*: .*a-file is not a directory/],
    ['a sweep file given to replay', ['replay', sweep], /sweep\.json: a sweep result, not a seqsim run report; expected the report\.json of `seqsim run`/],
    ['a run report given to merge', ['merge', runReport], /report\.json: a seqsim run report, not a sweep result/],
    ['a directory given as a report', ['explain', aDir], /a-dir: is a directory, expected a file/],
    // It printed "due at NaN ms" on the timeline.
    ['a missed deadline of the wrong shape', ['explain', file('deadline.json', JSON.stringify({ traceHash: '0123456789abcdef', outcome: 'failed', replay: '', invariants: [], violationReport: { violation: { msgId: 1, deadline: { dueUs: 'soon' } } }, input: { seed: '1', source: 'baseline', scenario: {} } }))], /deadline\.json: not a seqsim run report .*violationReport\.violation\.deadline\.dueUs: Invalid input: expected number/],
    ['JSON of the wrong shape', ['shrink', file('shape.json', '{"traceHash": 5, "input": {"seed": 1}}')], /shape\.json: not a seqsim run report .*traceHash: Invalid input: expected string/],
    ['sweep runs of the wrong shape', ['merge', file('runs.json', '{"runs": [{"scenario": 1}], "summary": {}}')], /runs\.json: not a sweep result .*runs\[0\]\.scenario/],
    ['--import-from with a quote', ['shrink', runReport, '--import-from', "x'y"], /--import-from x'y: expected a module name or path/],
    ['validate of a bad scenario', ['validate', 'baseline', file('bad.yaml', 'users: { count: -1 }\n')], /bad\.yaml: users\.count: Too small/],
    ['hunt --budget 0', ['hunt', 'baseline', '--budget', '0'], /--budget 0: expected a whole number of runs from 1 to 1,000,000/],
    ['hunt --out naming a file', ['hunt', 'baseline', '--out', aFile], /--out .*a-file: is a file, expected a directory/],
    ['an unknown --swarm-draw', ['check', 'baseline', '--seeds', '1', '--swarm', '--swarm-draw', 'random'], /--swarm-draw random: unknown draw; expected targeted or classic/],
    ['--swarm-draw without --swarm', ['run', 'baseline', '--swarm-draw', 'classic'], /--swarm-draw: only with --swarm/],
    ['--without-fault without --swarm', ['run', 'baseline', '--without-fault', 'crash'], /--without-fault: only with --swarm/],
    ['--without-fault without --swarm, on check', ['check', 'baseline', '--seeds', '1-2', '--without-fault', 'crash'], /--without-fault: only with --swarm/],
    ['a fault timed to an unknown moment', ['run', file('moment.yaml', 'faults:\n  - { at: 0, kind: crash, target: sendsvr-0, on: lunch }\n')], /moment\.yaml: faults\[0\]\.on: Invalid option: expected one of "pull"/],
  ];
  it.each(cases)('refuses %s with one line', (_what, args, message) => {
    expectRefusal(seqsim(args), message);
  });

  it('validates scenarios without running them, with their estimates', () => {
    const run = seqsim(['validate', 'baseline', 'group-storm']);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toMatch(/^ok baseline: 20 users, 35 devices, about [\d,]+ sends and [\d,]+ events \(maxSteps 20,000,000\), about [\d.]+ KiB held$/m);
    expect(run.out.trim().split('\n')).toHaveLength(2);
  });
});
