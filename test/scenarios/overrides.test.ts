// `--set` overrides, in process: how a value parses, how a path reaches into objects and lists,
// which override an error names, and how overrides meet a swarm draw (they win, and the run's
// report replays exactly).
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/api.js';
import type { FaultKind } from '../../src/faults/kinds.js';
import { swarmScenario } from '../../src/faults/swarm.js';
import { drawSwarm } from '../../src/faults/swarmDraws.js';
import { specOf } from '../../src/report/runReport.js';
import { runOne } from '../../src/run/runOne.js';
import { seedScenario } from '../../src/run/seedScenario.js';
import { loadScenario } from '../../src/scenario/load.js';
import { applyOverrides, parseOverride, parseOverrides, parseWithOverrides } from '../../src/scenario/overrides.js';

describe('parseOverride', () => {
  it('reads the value as JSON when it parses, else as the string itself', () => {
    expect(parseOverride('knobs.pageSize=20').value).toBe(20);
    expect(parseOverride('heal.foreground=false').value).toBe(false);
    expect(parseOverride('network.device=2g').value).toBe('2g');
    expect(parseOverride('description="20"').value).toBe('20');
    expect(parseOverride('users.devices=[["ios"],["android"]]').value).toEqual([['ios'], ['android']]);
    expect(parseOverride('description=a=b').value).toBe('a=b');
  });

  it('splits the path at dots, with list indices in brackets or as numbers', () => {
    expect(parseOverride('faults[0].at=1').path).toEqual(['faults', 0, 'at']);
    expect(parseOverride('faults.0.at=1').path).toEqual(['faults', 0, 'at']);
    for (const bad of ['=1', 'knobs..pageSize=1', '__proto__.polluted=1', 'knobs.constructor=1']) expect(() => parseOverride(bad), bad).toThrow(/is not a field path|expected <path>=<value>/);
  });
});

describe('applyOverrides', () => {
  it('creates what is missing on the way, replaces what is in the way, and leaves its input alone', () => {
    const input = { knobs: { pageSize: 5 }, users: { count: 3 } };
    const out = applyOverrides(input, parseOverrides(['knobs.allocStep=7', 'platformPush.enabled=false', 'users.count.x=1']));
    expect(out).toEqual({ knobs: { pageSize: 5, allocStep: 7 }, platformPush: { enabled: false }, users: { count: { x: 1 } } });
    expect(input).toEqual({ knobs: { pageSize: 5 }, users: { count: 3 } });
  });

  it('appends to a list at its length and refuses an index past it', () => {
    const faults = [{ at: 1, kind: 'crash', target: 'sendsvr-0' }];
    expect(applyOverrides({ faults }, parseOverrides(['faults[1]={"at":2,"kind":"kill","target":"devices-any"}']))['faults']).toHaveLength(2);
    expect(() => applyOverrides({ faults }, parseOverrides(['faults[2].at=5']))).toThrow('--set faults[2].at=5: faults is a list of 1; expected an index from 0 to 1');
  });
});

describe('parseWithOverrides', () => {
  it('names the override in effect (the last of a field), and the file for what no override touched', () => {
    const overrides = parseOverrides(['knobs.pageSize=5', 'knobs.pageSize=-1']);
    expect(() => parseWithOverrides({}, overrides, 'x.yaml')).toThrow(/^--set knobs\.pageSize=-1: knobs\.pageSize: Too small/);
    expect(() => parseWithOverrides({ users: { count: 'many' } }, parseOverrides(['knobs.pageSize=5']), 'x.yaml')).toThrow(/^x\.yaml: users\.count: Invalid input/);
    expect(parseWithOverrides({}, overrides.slice(0, 1), 'x.yaml').knobs.pageSize).toBe(5);
  });
});

describe('overrides and swarm mode', () => {
  const loaded = loadScenario('baseline', ['knobs.pageSize=7', 'users.count=6']);

  it('win over the values the swarm draw varies, and leave the rest of the draw as it was', () => {
    const pageSizes = new Set<number>();
    for (const seed of ['1', '2', '3', '4', '5', '6']) {
      const drawn = drawSwarm(loaded.scenario, seed, 'classic');
      pageSizes.add(drawn.knobs.pageSize!);
      const seeded = seedScenario(loaded.scenario, loaded.overrides, seed, { swarm: true, draw: 'classic' });
      expect(seeded.knobs.pageSize).toBe(7);
      expect(seeded.users.count).toBe(6);
      expect({ ...seeded, knobs: drawn.knobs }).toEqual(drawn);
    }
    // The draw does vary the page size: without the override it would not be 7.
    expect(pageSizes.size).toBeGreaterThan(1);
    expect(seedScenario(loaded.scenario, loaded.overrides, '1', { swarm: false })).toBe(loaded.scenario);
  });

  it('are recorded with the swarm draw, so the report replays to the same trace', () => {
    const set = ['knobs.pageSize=7', 'durationMs=20000'];
    // --without-fault still leaves its kind out of the draw the overrides go on top of: the first kind seed 4 draws.
    const left = swarmScenario(loadScenario('baseline', set).scenario, '4').faults[0]!.kind as FaultKind;
    const report = runScenario('baseline', { seed: 4, swarm: true, swarmWithout: [left], set });
    expect(report.input.scenario.knobs.pageSize).toBe(7);
    expect(report.input.scenario.faults.some((fault) => fault.kind === left)).toBe(false);
    expect(report.replay).toBe(`seqsim run baseline --seed 4 --swarm --without-fault ${left} --set knobs.pageSize=7 --set durationMs=20000`);
    expect(runOne(specOf(report.input)).result.traceHash).toBe(report.traceHash);
  });
});
