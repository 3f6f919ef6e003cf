// Inputs nobody listed, found by fuzzing every command: each once ended in a stack trace, a crash
// out of memory, a hang or a silent wrong run. Each is now refused with exit 2 and one line.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pathSegment } from '../../src/report/format.js';
import { parseSeeds, wholeNumber } from '../../src/run/seeds.js';
import { expectRefusal, seqsim } from './binary.js';
import { scratchDir } from '../scratch.js';

const scratch = scratchDir('fuzz-findings');
function file(name: string, content: string): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}
const small = 'durationMs: 3000\nusers: { count: 3 }\n';

describe('scenarios a run cannot take', () => {
  it('refuses groups whose memberships would not fit the heap (they ran out of memory building them)', () => {
    const scenario = file('groups.yaml', 'durationMs: 1000\nusers: { count: 20000 }\ngroups: { count: 100000, size: 10000 }\n');
    expectRefusal(seqsim(['validate', scenario]), /groups\.yaml: groups\.count: the run would hold about [\d.]+ GiB \(1,000,000,000 group memberships\)/);
  });

  it('builds many groups of a small world at once (a group holds each user once)', () => {
    const run = seqsim(['validate', file('many-groups.yaml', `${small}groups: { count: 100000, size: 10000 }\n`)]);
    expect(run.code, run.err).toBe(0);
  });

  it('refuses a crash point no process has, a group that does not exist and a link that loses everything', () => {
    const point = file('point.yaml', `${small}faults:\n  - { at: 1000, kind: crash-point, target: sendsvr-0, point: nosuch }\n`);
    expectRefusal(seqsim(['validate', point]), /faults\[0\]\.point: nosuch is no crash point or moment of any process, so the fault would never fire; crash points: send\.received, /);
    const group = file('group.yaml', `${small}groups: { count: 1, size: 2 }\nfaults:\n  - { at: 1000, kind: directory-change, target: user-0, change: join, group: 999 }\n`);
    expectRefusal(seqsim(['validate', group]), /faults\[0\]\.group: group 999 does not exist \(groups\.count is 1: groups 0 to 0\)/);
    const lossy = file('lossy.yaml', `${small}network: { device: { latencyMedianMs: 5, latencyP99Ms: 20, lossRate: 1 } }\n`);
    expectRefusal(seqsim(['validate', lossy]), /network\.device: a loss rate of 1 loses every message, so nothing would ever arrive; use a rate below 1/);
  });

  it('refuses names that reports cannot key or print: __proto__, and control characters', () => {
    expectRefusal(seqsim(['validate', file('proto.yaml', `name: __proto__\n${small}`)]), /name: "__proto__" is a name every JavaScript object has; choose another/);
    expectRefusal(seqsim(['validate', file('ctl.yaml', `name: "red\\e[31m"\n${small}`)]), /name: a control character in it; use printable characters/);
  });
});

describe('files a sweep reads back', () => {
  const journal = (name: string, line: string): string => {
    const header = { journal: 'seqsim sweep journal', sweep: { version: '0', jobs: 4, fingerprint: 'x', scenarios: ['baseline'], seeds: '4', swarm: false, mutants: [], shard: null } };
    file(`${name}.json.partial`, `${JSON.stringify(header)}\n${line}\n`);
    return join(scratch, `${name}.json`);
  };

  it('refuses a journal line that is not a run, and a journal header of the wrong shape, before any run', () => {
    expectRefusal(seqsim(['check', 'baseline', '--seeds', '4', '--workers', '1', '--resume', journal('null-line', 'null')]), /null-line\.json\.partial:2: not a run of a sweep: /);
    const onlySeed = journal('only-seed', JSON.stringify({ job: 1, run: { seed: '2' } }));
    expectRefusal(seqsim(['check', 'baseline', '--seeds', '4', '--workers', '1', '--resume', onlySeed]), /only-seed\.json\.partial:2: not a run of a sweep: .*scenario/);
    file('bad-header.json.partial', '{"journal":"seqsim sweep journal","sweep":null}\n');
    expectRefusal(seqsim(['check', 'baseline', '--seeds', '4', '--workers', '1', '--resume', join(scratch, 'bad-header.json')]), /bad-header\.json\.partial: not a seqsim sweep journal \(its first line: /);
  });

  it('refuses a run whose trace hash is no hash, or whose verdict and outcome disagree (a resume took them)', () => {
    const run = { scenario: 'baseline', seed: '1', traceHash: 'zz', ok: true, outcome: 'passed', failed: [], first: null, replay: 'seqsim run baseline --seed 1', events: 1, wallTimeMs: 1 };
    expectRefusal(seqsim(['check', 'baseline', '--seeds', '4', '--workers', '1', '--resume', journal('zz', JSON.stringify({ job: 0, run }))]), /zz\.json\.partial:2: not a run of a sweep: .*traceHash: expected 16 hex digits/);
    const disagree = { ...run, traceHash: '0123456789abcdef', outcome: 'failed' };
    expectRefusal(seqsim(['check', 'baseline', '--seeds', '4', '--workers', '1', '--resume', journal('disagree', JSON.stringify({ job: 0, run: disagree }))]), /disagree\.json\.partial:2: not a run of a sweep: .*ok and outcome disagree/);
  });

  it('refuses a journal holding one job twice with different runs (the last one replaced the first)', () => {
    const run = { scenario: 'baseline', seed: '1', traceHash: '0123456789abcdef', ok: true, outcome: 'passed', failed: [], first: null, replay: 'seqsim run baseline --seed 1', events: 1, wallTimeMs: 1 };
    const failed = { ...run, ok: false, outcome: 'failed', failed: ['zero-loss'], first: 'lost' };
    const twice = journal('twice', `${JSON.stringify({ job: 0, run: failed })}\n${JSON.stringify({ job: 0, run })}`);
    expectRefusal(seqsim(['check', 'baseline', '--seeds', '4', '--workers', '1', '--resume', twice]), /twice\.json\.partial:3: job 0 is recorded before with another run \(failed, now passed\); a journal holds one run a job/);
  });

  it('refuses a result file whose sweep has fields of the wrong type', () => {
    const result = file('typed.json', JSON.stringify({ runs: [], summary: { rechecked: 0, recheckMismatches: 0, wallTimeMs: 0 }, sweep: { version: '0', jobs: 1, fingerprint: 'y', scenarios: 'baseline', seeds: '1', swarm: false, mutants: [], shard: null } }));
    expectRefusal(seqsim(['check', 'baseline', '--seeds', '1', '--workers', '1', '--resume', result]), /typed\.json: not a sweep result .*scenarios/);
  });
});

describe('arguments and outputs', () => {
  it('refuses an empty --out, and says in a line when a report file inside --out is a directory', () => {
    expectRefusal(seqsim(['run', 'baseline', '--out', '', '--no-html']), /--out: an empty path; name a directory/);
    const out = join(scratch, 'taken');
    mkdirSync(join(out, 'report.json'), { recursive: true });
    const run = seqsim(['run', file('tiny.yaml', small), '--out', out, '--no-html']);
    expect(run.code, run.err).toBe(2);
    expect(run.err).toMatch(/^seqsim: .*taken\/report\.json: cannot open it \(is a directory, expected a file\)\n$/);
  });

  it('says in a line that stdout is full', () => {
    const full = spawnToFull(['validate', file('full.yaml', small)]);
    expect(full.code, full.err).toBe(2);
    expect(full.err).toMatch(/^seqsim: standard output: cannot write it \(no space left on the device\)\n$/);
  });

  it('takes ranges in a seed list, and refuses seeds past 2^53 (they were rounded, run twice and out of range)', () => {
    expect(parseSeeds('1-3,9,2')).toEqual(['1', '2', '3', '9']);
    expect(() => parseSeeds('9007199254740993-9007199254740995')).toThrow(/numbered seeds go up to 9007199254740991/);
    expect(() => parseSeeds('1-9999999,1-9999999')).toThrow(/at most 10,000,000 seeds/);
  });

  it('reads a named pipe once a writer comes, and refuses one nothing is written to (it hung waiting for a writer)', () => {
    const pipe = join(scratch, 'scenario.fifo');
    expect(spawnSync('mkfifo', [pipe]).status).toBe(0);
    const later = spawnSync('sh', ['-c', `(sleep 0.5; cat scenarios/baseline.yaml > '${pipe}') & exec '${process.execPath}' dist/cli/main.js validate '${pipe}'`], { encoding: 'utf8', timeout: 60_000 });
    expect(later.status, later.stderr).toBe(0);
    expect(later.stdout).toMatch(/^ok .*scenario\.fifo: 20 users, 35 devices/);
    expectRefusal(seqsim(['validate', pipe]), /scenario\.fifo: a named pipe nothing was written to in 10 s/);
  });

  it('never names a report directory "." or ".."', () => {
    expect(pathSegment('..')).toMatch(/^__-[0-9a-f]{8}$/);
    expect(pathSegment('.')).toMatch(/^_-[0-9a-f]{8}$/);
    expect(pathSegment('a..b')).toBe('a..b');
  });
});

/** The binary with its stdout on /dev/full. */
function spawnToFull(args: readonly string[]): { code: number | null; err: string } {
  const fd = openSync('/dev/full', 'w');
  try {
    const run = spawnSync(process.execPath, ['dist/cli/main.js', ...args], { encoding: 'utf8', stdio: ['ignore', fd, 'pipe'], timeout: 60_000 });
    return { code: run.status, err: run.stderr };
  } finally {
    closeSync(fd);
  }
}

describe('a second round of fuzzing', () => {
  it('draws a swarm for a lease of a few ms, and a run of half a millisecond (the draw threw RangeError)', () => {
    for (const set of ['knobs.allocatorLeaseMs=50', 'durationMs=0.5']) {
      const run = seqsim(['run', 'storage-failover', '--seed', '1', '--swarm', '--set', set, '--no-html', '--out', join(scratch, 'swarm-range')]);
      expect([0, 1], run.err).toContain(run.code);
      expect(run.err).not.toMatch(/RangeError|^\s+at /m);
    }
  });

  it('refuses a device link lossy past what the oracle can bound (bounds came out NaN)', () => {
    const lossy = `${small}network: { device: { latencyMedianMs: 5, latencyP99Ms: 25, lossRate: 0.7 } }\n`;
    expectRefusal(seqsim(['validate', file('lossy07.yaml', lossy)]), /network\.device: at a loss rate of 0\.7 a connection attempt fails with odds up to 4 p\^3, 1 or more, so the oracle could bound no deadline; use a rate of 0\.629 or less/);
  });

  it('sweeps a scenario read from a pipe once, in the main thread (each worker read the pipe again, and waited)', () => {
    const sweep = spawnSync('bash', ['-c', `exec '${process.execPath}' dist/cli/main.js check <(cat '${file('piped.yaml', small)}') --seeds 1-2 --workers 2 --recheck 1`], { encoding: 'utf8', timeout: 60_000 });
    expect(sweep.status, sweep.stderr).toBe(0);
    expect(sweep.stdout).toMatch(/PASSED: 2\/2 runs passed/);
  });

  it('refuses two scenarios of one name in a sweep, and merging two different runs of one seed (the last one merged hid the other)', () => {
    const named = (dir: string, text: string) => {
      mkdirSync(join(scratch, dir), { recursive: true });
      return file(join(dir, 's.yaml'), text);
    };
    expectRefusal(seqsim(['check', named('old', small), named('new', `${small}knobs: { pageSize: 20 }\n`), '--seeds', '1']), /old\/s\.yaml and .*new\/s\.yaml are both named "s": a sweep keys its runs by scenario name/);
    const plain = join(scratch, 'plain.json');
    const paged = join(scratch, 'paged.json');
    expect(seqsim(['check', 'baseline', '--seeds', '1', '--workers', '1', '--json', plain]).code).toBe(0);
    expect(seqsim(['check', 'baseline', '--seeds', '1', '--workers', '1', '--set', 'knobs.pageSize=20', '--json', paged]).code).toBe(0);
    expectRefusal(seqsim(['merge', paged, plain]), /baseline seed 1 is in more than one file with different runs \(seqsim run baseline --seed 1 --set knobs\.pageSize=20: passed, trace [0-9a-f]{16}; seqsim run baseline --seed 1: passed, trace [0-9a-f]{16}\); merge joins shards of one sweep/);
  });

  it('refuses a fault aimed at what its kind does not act on (it changed nothing, counted as fired, and passed), and a seed with a control character', () => {
    const misaimed = file('misaimed.yaml', `${small}faults:\n  - { at: 1000, for: 1000, kind: allocator-failover, target: msgstore-0 }\n`);
    expectRefusal(seqsim(['validate', misaimed]), /faults\[0\]\.target: allocator-failover acts only on allocator processes, and msgstore-0 selects none, so the fault would change nothing/);
    const platform = file('platform-off.yaml', `${small}faults:\n  - { at: 1000, for: 1000, kind: platform-off, target: device-u1-0 }\n`);
    expectRefusal(seqsim(['validate', platform]), /platform-off acts only on the platform push services \(apns, wppush, bbpush, platform-\*\), and device-u1-0 selects none/);
    expectRefusal(seqsim(['run', 'baseline', '--seed', 'a\u001b[31m']), /--seed: a control character in it; use printable characters/);
  });

  it('refuses a --json that is the scenario it sweeps, or the --junit file (the result replaced the scenario)', () => {
    const scenario = file('own.yaml', small);
    expectRefusal(seqsim(['check', scenario, '--seeds', '1', '--json', scenario]), /--json .*own\.yaml: is also the input .*own\.yaml; name another file/);
    const out = join(scratch, 'both.json');
    expectRefusal(seqsim(['check', 'baseline', '--seeds', '1', '--json', out, '--junit', out]), /--junit .*both\.json: is also --json; name another file/);
  });

  it('quotes a scenario path in the replay command (a path with ";" ran a second command when pasted)', () => {
    const path = file('x;touch PWNED.yaml', small);
    const run = seqsim(['run', path, '--no-html', '--out', join(scratch, 'quoted')]);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain(`seqsim run '${path}' --seed`);
  });
});

describe('knobs that together no run can judge', () => {
  it('refuses a time under a microsecond, a send backoff capped below its first wait, and an RPC timeout within a round trip', () => {
    expectRefusal(seqsim(['validate', file('tick.yaml', `${small}knobs: { sendTimeoutMs: 0.0001 }\n`)]), /knobs\.sendTimeoutMs: at least 0\.001 ms \(a microsecond, the virtual clock's tick\)/);
    expectRefusal(seqsim(['validate', file('cap.yaml', `${small}knobs: { sendRetryCapMs: 0.001 }\n`)]), /knobs\.sendRetryCapMs: a cap of 0\.001 ms on the send backoff is below its first wait, sendTimeoutMs 5000 ms/);
    expectRefusal(seqsim(['validate', file('rpc.yaml', `${small}knobs: { rpcTimeoutMs: 10 }\n`)]), /knobs\.rpcTimeoutMs: 10 ms is no longer than a data-centre round trip can take \([\d.]+ ms\)/);
  });
});

describe('a third round of fuzzing', () => {
  const run = { scenario: 'baseline', seed: '1', traceHash: '0123456789abcdef', ok: true, outcome: 'passed', failed: [], first: null, replay: 'seqsim run baseline --seed 1', events: 100, wallTimeMs: 1 };
  const latency = (histogram: [number, number][], count: number) => {
    const none = { count: 0, boundMs: 0, overBound: 0, maxMs: 0, histogram: [] };
    return { healthy: { count, boundMs: 100, overBound: 0, maxMs: 50, histogram }, reconnected: none, woken: none };
  };
  const sweep = (name: string, runs: object[]) => file(name, JSON.stringify({ runs, summary: { rechecked: 0, recheckMismatches: 0, wallTimeMs: 1 } }));

  it('refuses sweep figures no run could have: a count of 1e308 or 0.5, counts that do not add up, a negative cost', () => {
    expectRefusal(seqsim(['merge', sweep('huge-count.json', [{ ...run, latency: latency([[130, 1e308]], 1e308) }])]), /huge-count\.json: not a sweep result .*histogram\[0\]\[1\]: Too big/);
    expectRefusal(seqsim(['merge', sweep('half-count.json', [{ ...run, latency: latency([[130, 0.5]], 0.5) }])]), /half-count\.json: not a sweep result .*expected int/);
    expectRefusal(seqsim(['merge', sweep('uneven.json', [{ ...run, latency: latency([[130, 2]], 5) }])]), /uneven\.json: not a sweep result .*histogram counts must add up to count/);
    const negative = sweep('negative-cost.json', [{ ...run, cost: { rpcsPerSend: -5 } }]);
    expectRefusal(seqsim(['compare', negative, negative]), /negative-cost\.json: not a sweep result .*cost\.rpcsPerSend: Too small/);
  });

  it('refuses a p99 below its median (it was read as a fixed latency or size of the median)', () => {
    const link = file('p99-link.yaml', `${small}network: { device: { latencyMedianMs: 50, latencyP99Ms: 25 } }\n`);
    expectRefusal(seqsim(['validate', link]), /network\.device\.latencyP99Ms: below latencyMedianMs: a p99 is at least the median/);
    const text = file('p99-text.yaml', `${small}workload: { textMedianBytes: 5000 }\n`);
    expectRefusal(seqsim(['validate', text]), /workload\.textP99Bytes: below textMedianBytes/);
  });
  it('refuses merging only empty shards (it printed PASSED: 0/0), and names an empty shard beside others', () => {
    const empty = sweep('empty-shard.json', []);
    expectRefusal(seqsim(['merge', empty]), /empty-shard\.json: holds no runs: there is nothing to merge/);
    const merged = seqsim(['merge', empty, sweep('one-run.json', [run])]);
    expect(merged.code, merged.err).toBe(0);
    expect(merged.err).toMatch(/^seqsim: warning: .*empty-shard\.json: holds no runs \(an empty shard\); merged the runs of the other files\n$/);
    const shard = seqsim(['check', file('one-job.yaml', small), '--seeds', '1', '--shard', '2/2', '--workers', '1']);
    expect(shard.err).toMatch(/--shard 2\/2: holds none of the 1 jobs \(more shards than jobs\), so nothing runs/);
  });
  it('refuses a fault aimed at a platform no device has (only a warning, the run then failed faults-fired), but replays a swarm draw aimed so', () => {
    const platform = file('no-bb.yaml', `${small}faults:\n  - { at: 1000, for: 1000, kind: offline, target: devices-bb }\n`);
    expectRefusal(seqsim(['run', platform, '--no-html']), /faults\[0\]\.target: devices-bb selects nothing: no bb devices in this world \(only ios, desktop, android\)/);
    // Swarm mode draws some faults at devices-ios in any world; this seed does so twice.
    const out = join(scratch, 'android-swarm');
    const drawn = seqsim(['run', file('android.yaml', 'durationMs: 20000\nusers: { count: 4, devices: [android] }\n'), '--swarm', '--seed', '1', '--no-html', '--out', out]);
    expect(drawn.code, drawn.err).toBe(0);
    const replay = seqsim(['replay', join(out, 'report.json')]);
    expect(replay.code, replay.err).toBe(0);
  });
  it('takes counts and ids in decimal digits only (explain --message 0x10 followed message 16; --workers took 1e0)', () => {
    const out = join(scratch, 'explained');
    expect(seqsim(['run', file('explained.yaml', small), '--no-html', '--out', out]).code).toBe(0);
    expectRefusal(seqsim(['explain', join(out, 'report.json'), '--message', '0x10']), /--message 0x10: expected a message id, a whole number from 1/);
    expectRefusal(seqsim(['check', 'baseline', '--seeds', '1', '--workers', '1e0']), /--workers 1e0: expected a whole number from 1 to 256/);
    expect(wholeNumber('16', 1, 100)).toBe(16);
    for (const text of ['0x10', '1e1', '0b1', '1.0', '', '-3', '101']) expect(wholeNumber(text, 1, 100), text).toBeUndefined();
  });
  it('validates every scenario it is given and names each it refuses (it stopped at the first)', () => {
    const missing = join(scratch, 'missing.yaml');
    const bad = file('bad-count.yaml', 'users: { count: 0 }\n');
    expectRefusal(seqsim(['validate', bad, 'baseline', missing]), /^seqsim: 2 of 3 scenarios are refused: .*bad-count\.yaml: users\.count: Too small.*; .*missing\.yaml: no such file\n$/);
  });
  it('refuses a YAML key that is a list or mapping (the yaml library printed a warning of its own), and reads no YAML 1.1 set', () => {
    expectRefusal(seqsim(['validate', file('complex-key.yaml', 'durationMs: 2000\n? [a, b]\n: 1\n')]), /complex-key\.yaml:2:3: a key that is a list or mapping \(\["a","b"\]\); scenario keys are names/);
    expectRefusal(seqsim(['validate', file('alias-key.yaml', 'x: &a [1, 2]\n? *a\n: 1\n')]), /alias-key\.yaml:2:3: a key that is a list or mapping/);
    // !!set made a Set, which read as an empty mapping: every users field took its default.
    expectRefusal(seqsim(['validate', file('set.yaml', 'users: !!set { count, devices }\n')]), /set\.yaml: users\.count: Invalid input: expected number, received null/);
  });
  it('refuses a report file in --out that is a symbolic link (the report overwrote the file it pointed at), and says what a dangling --out is', () => {
    const out = join(scratch, 'linked-out');
    mkdirSync(out, { recursive: true });
    const victim = file('victim.txt', 'keep\n');
    symlinkSync(victim, join(out, 'report.md'));
    expectRefusal(seqsim(['run', file('linked.yaml', small), '--no-html', '--out', out]), /--out .*linked-out: .*report\.md is a symbolic link to .*victim\.txt, and the report would be written through it into that file/);
    expect(readFileSync(victim, 'utf8')).toBe('keep\n');
    const dangling = join(scratch, 'dangling');
    symlinkSync(join(scratch, 'nowhere'), dangling);
    expectRefusal(seqsim(['run', file('dangling.yaml', small), '--no-html', '--out', join(dangling, 'sub')]), /dangling is a symbolic link to .*nowhere, which does not exist or loops/);
    const hunted = join(scratch, 'hunt-out');
    mkdirSync(hunted, { recursive: true });
    symlinkSync(victim, join(hunted, 'run-3.yaml'));
    expectRefusal(seqsim(['hunt', file('hunted.yaml', small), '--budget', '1', '--workers', '1', '--out', hunted]), /run-3\.yaml is a symbolic link to .*victim\.txt/);
  });
  it('writes check --html pages and the journal in place of links at their paths, never through them', () => {
    const victimDir = join(scratch, 'victim-dir');
    mkdirSync(victimDir, { recursive: true });
    const victim = file('victim-html.txt', 'keep\n');
    const pages = join(scratch, 'linked-html');
    mkdirSync(pages, { recursive: true });
    symlinkSync(victim, join(pages, 'index.html'));
    symlinkSync(victimDir, join(pages, 'baseline'));
    const result = join(scratch, 'linked-journal.json');
    symlinkSync(victim, `${result}.partial.new`);
    const run = seqsim(['check', 'baseline', '--seeds', '3-3', '--workers', '1', '--mutant', 'client-cursor-before-store', '--html', pages, '--json', result]);
    expect(run.code, run.err).toBe(1);
    expect(readFileSync(victim, 'utf8')).toBe('keep\n');
    expect(readdirSync(victimDir)).toEqual([]);
    expect(readFileSync(join(pages, 'index.html'), 'utf8')).toMatch(/<html/);
    expect(readFileSync(join(pages, 'baseline', '3', 'report.json'), 'utf8')).toMatch(/"seed": "3"/);
  });
  it('gives names that differ different report directories (names in another script all became "_", and shared one)', () => {
    const names = ['日本', '中国', '_', '..', 'a b', 'a_b', 'x'.repeat(100), `${'x'.repeat(100)}y`];
    const segments = names.map(pathSegment);
    expect(new Set(segments).size).toBe(names.length);
    for (const segment of segments) expect(segment).toMatch(/^[\w.-]{1,100}$/);
    expect(pathSegment('baseline')).toBe('baseline');
  });
  it('runs 12,000 overlapping network-profile faults in seconds (ending each searched or copied every one before: over 90 s)', () => {
    const faults = Array.from({ length: 12_000 }, () => ({ at: 1000, for: 50_000, kind: 'network-profile', target: 'devices-*', profile: '3g' }));
    const started = Date.now();
    const run = seqsim(['run', file('many-profiles.json', JSON.stringify({ durationMs: 60_000, faults })), '--no-html', '--out', join(scratch, 'many-profiles')]);
    expect(run.code, run.err).toBe(0);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
  it('refuses a field the fault kind does not use (a crash with a profile, lagMs and skewMs ran as a plain crash)', () => {
    const ignored = file('ignored-fields.yaml', `${small}faults:\n  - { at: 1000, for: 1000, kind: crash, target: msgstore-0, profile: 2g, skewMs: 5 }\n`);
    expectRefusal(seqsim(['validate', ignored]), /faults\[0\]\.profile: crash does not use "profile" \(only network-profile and dc-link do\); remove it; faults\[0\]\.skewMs: crash does not use "skewMs" \(only allocator-failover does\)/);
  });
  it('refuses a control character in a --seeds list, as in --seed (it reached the terminal and the JUnit XML raw)', () => {
    expect(() => parseSeeds('a\u001b[31m,b')).toThrow(/--seeds: a control character in it; use printable characters/);
    expectRefusal(seqsim(['check', 'baseline', '--seeds', 'a\u001b[31m,b']), /--seeds: a control character in it/);
  });
  it('refuses a merge --json that is one of its inputs, or the --junit file (the merged file replaced a shard)', () => {
    const shard = sweep('shard-a.json', [run]);
    expectRefusal(seqsim(['merge', shard, '--json', shard]), /--json .*shard-a\.json: is also the input .*shard-a\.json; name another file/);
    const out = join(scratch, 'merged-both.json');
    expectRefusal(seqsim(['merge', shard, '--json', out, '--junit', out]), /--junit .*merged-both\.json: is also --json; name another file/);
  });
  it('takes a --fail-on-regression percentage in decimal digits only (0x10 was 16%)', () => {
    const files = sweep('pct.json', [run]);
    expectRefusal(seqsim(['compare', files, files, '--fail-on-regression', '0x10']), /--fail-on-regression 0x10: expected a percentage, 0 or more/);
    expectRefusal(seqsim(['compare', files, files, '--fail-on-regression', '1e2']), /--fail-on-regression 1e2: expected a percentage/);
  });
  it('refuses a report whose printed fields hold control characters, an empty seed or a --set no command takes, and a scenario path with a newline', () => {
    const out = join(scratch, 'edited');
    expect(seqsim(['run', file('edited.yaml', small), '--no-html', '--out', out]).code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    const edited = (name: string, edit: (report: any) => void) => {
      const copy = structuredClone(report);
      edit(copy);
      return file(name, JSON.stringify(copy));
    };
    expectRefusal(seqsim(['explain', edited('escape.json', (r) => (r.replay = 'seqsim run \u001b[2J')), '--message', '1']), /escape\.json: not a seqsim run report .*replay: a control character in it/);
    expectRefusal(seqsim(['replay', edited('no-seed.json', (r) => (r.input.seed = ''))]), /no-seed\.json: not a seqsim run report .*input\.seed: an empty seed/);
    expectRefusal(seqsim(['replay', edited('bad-set.json', (r) => (r.input.set = ['x']))]), /bad-set\.json: input\.set: --set x: expected <path>=<value>/);
    const newline = join(scratch, 'new\nline.yaml');
    writeFileSync(newline, `name: named\n${small}`);
    expectRefusal(seqsim(['run', newline, '--no-html']), /new\\nline\.yaml: a control character in the path; rename the file/);
  });
  it('warns of a workload that starts when the run is over (it sent nothing and passed, silently)', () => {
    const late = seqsim(['validate', file('late.yaml', 'durationMs: 5000\nusers: { count: 3 }\nworkload: { startMs: 10000 }\n')]);
    expect(late.code, late.err).toBe(0);
    expect(late.err).toMatch(/^seqsim: warning: .*late\.yaml: workload\.startMs: 10000 is at or after durationMs 5000, when the workload ends, so no message is sent\n$/);
  });
  it('refuses a stall that holds traffic past the end of the run (a stall of a year failed the correct system on zero-loss)', () => {
    const year = file('stall-year.yaml', `${small}faults:\n  - { at: 2000, for: 31536000000, kind: stall, target: connectsvr-* }\n`);
    expectRefusal(seqsim(['validate', year]), /faults\[0\]\.for: a stall from 2000 ms for 31536000000 ms holds its targets' traffic, even past the heal, until after the run ends \(durationMs \+ quiesceMaxMs, 303000 ms\)/);
  });
});
