import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from '../../src/scenario/jsonSchema.js';
import { parseScenario } from '../../src/scenario/load.js';

describe('the scenario schema', () => {
  it('matches scenarios/schema.json (run `npm run schema` after changing it)', () => {
    expect(readFileSync('scenarios/schema.json', 'utf8')).toBe(scenarioJsonSchema());
  });

  it('fills every default, so an empty scenario is a whole one', () => {
    const scenario = parseScenario('{}', 'empty.yaml');
    expect(scenario.durationMs).toBe(60_000);
    expect(scenario.latencyBoundMs).toBe(100);
    expect(scenario.users.count).toBe(20);
    expect(scenario.servers.connectSvrs).toBe(2);
    expect(scenario.faults).toEqual([]);
  });

  it('names the field and what it expects', () => {
    expect(() => parseScenario('faults:\n  - { at: 5, kind: partition, target: pushsvr-0 }\n', 'p.yaml')).toThrow('p.yaml: faults[0].to: a partition needs "to"');
    expect(() => parseScenario('users: { count: 0 }\n', 'u.yaml')).toThrow(/u\.yaml: users\.count: Too small/);
    expect(() => parseScenario('mutants: [chaos-monkey]\n', 'm.yaml')).toThrow(/m\.yaml: mutants\[0\]: Invalid option/);
  });
});
