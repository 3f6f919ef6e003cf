// A violation report a person can act on: what broke, where, the message's hops, and the replay.
import { describe, expect, it } from 'vitest';
import { diagnose, firstViolation, violationReport } from '../../src/run/diagnose.js';
import { runOne } from '../../src/run/runOne.js';
import { chaos } from './specs.js';

describe('violation reports', () => {
  it('show no causal slice, rather than a wrong one, for a violation past the events a long run keeps', () => {
    const spec = chaos(1, ['client-cursor-before-store']);
    const { result } = runOne(spec);
    const violation = firstViolation(result)!;
    // A trace kept to just before the violation's event, and one kept past it.
    const short = runOne(spec, { keepAll: true, keptEventsMax: violation.event!.index });
    const long = runOne(spec, { keepAll: true, keptEventsMax: violation.event!.index + 1 });
    expect(short.sim.trace.truncated).toBe(true);
    expect(violationReport(short, result, violation, true).slice).toEqual([]);
    expect(violationReport(long, result, violation, true).slice).toEqual(diagnose(spec, result)!.slice);
    expect(violationReport(long, result, violation, true).slice.length).toBeGreaterThan(0);
    // Either way the replay ran to the end: the same run, hash for hash.
    expect(short.result.traceHash).toBe(result.traceHash);
  });

  it('name the invariant, message, device and time, with the causal slice and the replay command', () => {
    const spec = chaos(1, ['client-cursor-before-store']);
    const { result } = runOne(spec);
    const report = diagnose(spec, result)!;
    const v = report.violation;
    expect(v.invariant).toBe('client-cursor');
    expect(v.msgId).not.toBeNull();
    expect(v.device).toMatch(/^device-u\d+-\d+$/);
    expect(v.event?.kind).toBe('cursor');
    expect(v.event?.actor).toBe(v.device);
    expect(report.reproduced).toBe(true);
    expect(report.replay).toBe('seqsim run chaos --seed 1 --mutant client-cursor-before-store');

    // The slice follows the message from the sender's compose to its commit, then shows the
    // device's cursor moving past it: the moment it broke is the slice's last event.
    const kinds = report.slice.map((e) => e.kind);
    expect(kinds).toContain('compose');
    expect(kinds).toContain('commit');
    expect(report.slice.at(-1)).toMatchObject({ kind: 'cursor', actor: v.device, timeMs: v.timeUs / 1000 });
    const commit = report.slice.find((e) => e.kind === 'commit' && e.fields['user'] === v.user)!;
    expect(commit.fields['msg']).toBe(v.msgId);
    expect(commit.fields['seq']).toBe(v.seq);
    expect(report.slice.every((e, i) => i === 0 || e.timeMs >= report.slice[i - 1]!.timeMs)).toBe(true);
  });

  it('is null for a run that passed', () => {
    const spec = chaos(2);
    expect(diagnose(spec, runOne(spec).result)).toBeNull();
  });
});
