// The built binary, driven as a subprocess: every command, every exit code, and bad input that
// gets one clear message (never a stack trace).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAULT_KIND_NAMES } from '../../src/faults/kinds.js';
import { MUTANT_NAMES } from '../../src/system/mutants.js';
import { scratchDir } from '../scratch.js';

const BIN = 'dist/cli/main.js';

function seqsim(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

const scratch = scratchDir('cli');
function scenarioFile(name: string, yaml: string): string {
  const file = join(scratch, name);
  writeFileSync(file, yaml);
  return file;
}

describe('seqsim run', () => {
  it('prints the same traceHash for the same seed in two processes, and JSON with every field', () => {
    const first = seqsim(['run', 'baseline', '--seed', '1', '--json', '--out', join(scratch, 'b1')]);
    const second = seqsim(['run', 'baseline', '--seed', '1', '--json', '--out', join(scratch, 'b2')]);
    expect(first.code).toBe(0);
    const a = JSON.parse(first.out);
    const b = JSON.parse(second.out);
    expect(a.traceHash).toMatch(/^[0-9a-f]{16}$/);
    expect(b.traceHash).toBe(a.traceHash);
    for (const key of ['scenario', 'seed', 'version', 'traceHash', 'ok', 'virtualTimeMs', 'wallTimeMs', 'events', 'messages', 'latencyMs', 'invariants', 'faults', 'replay', 'cost']) {
      expect(a, key).toHaveProperty(key);
    }
    for (const key of ['pullsPerDelivery', 'pullsByReason', 'emptyPulls', 'redundantEntries', 'hintsPerDelivery', 'platformPushes', 'rpcsPerSend', 'wireBytes', 'diskWritesPerMessage', 'allocPersists', 'servers']) {
      expect(a.cost, key).toHaveProperty(key);
    }
    expect(Object.keys(a.cost.wireBytes)).toEqual(['total', 'device', 'dataCentre', 'platformPush']);
    expect(a.cost.pullsPerDelivery).toBeGreaterThan(0);
    expect(a.cost.wireBytes.total).toBeGreaterThan(0);
    expect(b.cost).toEqual(a.cost);
    for (const key of ['sent', 'acked', 'rejected', 'deliveries', 'expectedDeliveries', 'lost', 'duplicates']) expect(a.messages, key).toHaveProperty(key);
    for (const key of ['p50', 'p90', 'p99', 'p999', 'max']) expect(a.latencyMs, key).toHaveProperty(key);
    expect(a.invariants[0]).toMatchObject({ name: 'seq-allocation', ok: true, violations: 0, first: null });
    expect(a.replay).toBe('seqsim run baseline --seed 1');
    expect(a.ok).toBe(true);
  });

  it('reports a readable table without colour when not on a terminal, and writes report files', () => {
    const out = join(scratch, 'plain');
    const run = seqsim(['run', 'baseline', '--seed', '2', '--out', out]);
    expect(run.code).toBe(0);
    expect(run.out).toContain('PASSED');
    expect(run.out).toMatch(/healthy\s+│\s+\d+/);
    expect(run.out).toContain('Replay: seqsim run baseline --seed 2');
    expect(run.out).not.toMatch(/\u001b\[/);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.input).toMatchObject({ source: 'baseline', seed: '2', mutants: [], set: [] });
    expect(run.out).toMatch(new RegExp(`│ pullsPerDelivery\\s+│ ${report.cost.pullsPerDelivery.toFixed(2)}\\s+│ ${report.cost.pulls} pulls`));
    const markdown = readFileSync(join(out, 'report.md'), 'utf8');
    expect(markdown).toContain('# seqsim baseline, seed 2: PASSED');
    expect(markdown).toContain(`| redundantEntries | ${report.cost.redundantEntries} |`);
  });

  it('exits 1 on a violated invariant, shows the violation, and the report replays and explains it', () => {
    const out = join(scratch, 'mutant');
    const run = seqsim(['run', 'baseline', '--seed', '3', '--mutant', 'client-cursor-before-store', '--out', out, '--trace']);
    expect(run.code).toBe(1);
    expect(run.out).toContain('FAILED');
    expect(run.out).toContain('Violation of client-cursor');
    expect(run.out).toContain('Replay: seqsim run baseline --seed 3 --mutant client-cursor-before-store');
    const traceLines = readFileSync(join(out, 'trace.jsonl'), 'utf8').trim().split('\n');
    expect(JSON.parse(traceLines[0]!)).toHaveProperty('kind');
    expect(traceLines.length).toBe(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).events);

    const replay = seqsim(['replay', join(out, 'report.json')]);
    expect(replay.code).toBe(0);
    expect(replay.out).toContain('match');

    const explain = seqsim(['explain', join(out, 'report.json'), '--json']);
    expect(explain.code).toBe(0);
    const timeline = JSON.parse(explain.out);
    expect(timeline.hops.map((h: { event: string }) => h.event)).toEqual(expect.arrayContaining(['compose', 'commit', 'store']));
    expect(seqsim(['explain', join(out, 'report.json'), '--message', '2']).out).toContain('Message 2');
  });

  it('says when a tampered report no longer replays to the same hash', () => {
    const out = join(scratch, 'tamper');
    seqsim(['run', 'baseline', '--seed', '4', '--out', out]);
    const file = join(out, 'report.json');
    const report = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...report, input: { ...report.input, seed: '5' } }));
    const replay = seqsim(['replay', file]);
    expect(replay.code).toBe(1);
    expect(replay.out).toContain('MISMATCH');
    // The run named is the one replayed (seed 5), not the report's own line (seed 4).
    expect(replay.out.split('\n')[0]).toBe('seqsim run baseline --seed 5');
  });

  it('says when a report claims another outcome than the run has', () => {
    const out = join(scratch, 'claimed');
    seqsim(['run', 'baseline', '--seed', '4', '--out', out]);
    const file = join(out, 'report.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), outcome: 'failed' }));
    const replay = seqsim(['replay', file]);
    expect(replay.code).toBe(1);
    expect(replay.out).toMatch(/: match\n  outcome: passed \(recorded: failed\): MISMATCH/);
  });
});

describe('seqsim list', () => {
  it('lists the scenarios with descriptions, as text and JSON, and the mutants', () => {
    const json = JSON.parse(seqsim(['list', '--json']).out);
    expect(json.scenarios.map((s: { name: string }) => s.name)).toContain('baseline');
    expect(json.scenarios.every((s: { description: string }) => s.description.length > 10)).toBe(true);
    expect(seqsim(['list']).out).toMatch(/^baseline\s+\S/m);
    expect(JSON.parse(seqsim(['list', '--mutants', '--json']).out).mutants).toHaveLength(MUTANT_NAMES.length);
  });

  it('lists every fault kind with where it is used and the bugs only it exposes', () => {
    const faults: { name: string; description: string; scenarios: string[]; swarm: boolean; exposes: string[] }[] = JSON.parse(seqsim(['list', '--faults', '--json']).out).faults;
    expect(faults.map((f) => f.name)).toEqual(FAULT_KIND_NAMES);
    const byName = new Map(faults.map((f) => [f.name, f]));
    expect(byName.get('silent-host-loss')).toMatchObject({ scenarios: ['dead-phones'], swarm: true, exposes: ['connectsvr-no-idle-sweep'] });
    // A kind no planted bug needs alone lists none (timeliness sees no-presence-refresh in any run).
    expect(byName.get('dc-link')!.exposes).toEqual([]);
    expect(byName.get('partition')!.scenarios).toContain('push-partition');
    for (const fault of faults) expect(fault.description.length, fault.name).toBeGreaterThan(20);
    expect(seqsim(['list', '--faults']).out).toMatch(/^restore-backup\s+Back up[^\n]*\n\s+scenarios: phone-restore; drawn by swarm; the only way to expose client-msg-id-counter$/m);
    const both = seqsim(['list', '--faults', '--mutants']);
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/cannot be used with/);
  });
});

describe('bad input', () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown scenario', ['run', 'no-such-scenario'], /no-such-scenario: not a scenario; known: .*baseline/],
    ['malformed YAML', ['run', scenarioFile('broken.yaml', 'durationMs: [1, 2\n')], /broken\.yaml:\d+:\d+: malformed YAML/],
    ['an unknown field', ['run', scenarioFile('field.yaml', 'durationMs: 1000\nspeed: fast\n')], /field\.yaml: \(top level\): Unrecognized key: "speed"/],
    ['a negative duration', ['run', scenarioFile('negative.yaml', 'durationMs: -5\n')], /negative\.yaml: durationMs: at least 0\.001 ms/],
    ['an unknown fault kind', ['run', scenarioFile('fault.yaml', 'faults:\n  - { at: 1000, kind: meteor, target: sendsvr-0 }\n')], /fault\.yaml: faults\[0\]\.kind: Invalid option/],
    ['a bad fault target', ['run', scenarioFile('target.yaml', 'faults:\n  - { at: 1000, kind: crash, target: mainframe }\n')], /target\.yaml: faults\[0\]\.target: "mainframe" is not a target/],
    ['an unknown mutant', ['run', 'baseline', '--mutant', 'gremlins'], /unknown mutant "gremlins"/],
    ['a missing report', ['replay', join(scratch, 'none.json')], /none\.json: no such file/],
    ['a file that is not a report', ['replay', scenarioFile('notreport.json', '{"hello": 1}')], /not a seqsim run report/],
    ['a bad seed range', ['check', 'baseline', '--seeds', '9-3'], /--seeds 9-3: the range is empty/],
    ['a bad shard', ['check', 'baseline', '--shard', '5/4'], /--shard 5\/4: expected K\/N with 1 <= K <= N/],
    ['a bad worker count', ['check', 'baseline', '--workers', '0'], /--workers 0: expected a whole number from 1 to 256/],
    ['a bad recheck share', ['check', 'baseline', '--recheck', '2'], /--recheck 2: expected a share from 0 to 1/],
    ['shrinking a missing report', ['shrink', join(scratch, 'none.json')], /none\.json: no such file/],
    ['merging a file that is not a sweep', ['merge', scenarioFile('notsweep.json', '{"runs": 3}')], /not a sweep result/],
    ['an unknown option', ['run', 'baseline', '--frobnicate'], /unknown option '--frobnicate'/],
    ['an unknown command', ['frob'], /unknown command 'frob'/],
  ];
  it.each(cases)('%s exits 2 with one clear message and no stack trace', (_what, args, message) => {
    const run = seqsim(args);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(message);
    expect(run.err).not.toMatch(/^\s+at /m);
    expect(run.out).toBe('');
  });

  it('--help teaches, with examples, and exits 0', () => {
    const help = seqsim(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('Examples:');
    expect(help.out).toContain('Exit codes: 0');
    expect(seqsim(['run', '--help']).out).toContain('--mutant <name>');
  });
});
