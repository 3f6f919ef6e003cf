// Fault targets are checked against the world a scenario builds: a selector that names nothing
// that exists is an error before the run, one that hits nobody (or fewer than it says) in a small
// world is a warning, and both agree with what the injector resolves when the fault fires.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/api.js';
import { parseSelector, resolveTargets } from '../../src/faults/targets.js';
import { compile } from '../../src/scenario/compile.js';
import { checkFaultTargets } from '../../src/scenario/faultTargets.js';
import { loadScenario, scenarioNames } from '../../src/scenario/load.js';
import { scenarioSchema, type ScenarioInput } from '../../src/scenario/schema.js';
import { RandomStream } from '../../src/sim/random.js';
import { Simulation } from '../../src/sim/simulation.js';
import { World } from '../../src/system/world.js';

const crash = (target: string, at = 1_000) => ({ at, for: 500, kind: 'crash' as const, target });

function findings(input: ScenarioInput) {
  return checkFaultTargets(scenarioSchema.parse(input));
}

describe('fault targets against the world', () => {
  it('refuses instances, users and devices that do not exist, naming the field and what exists', () => {
    const { errors, warnings } = findings({
      users: { count: 20, devices: [['ios', 'desktop'], ['android']] },
      servers: { sendSvrs: 2 },
      faults: [
        crash('sendsvr-1'),
        crash('device-u3-0'),
        crash('sendsvr-99'),
        crash('allocator-3'),
        crash('user-500'),
        crash('device-u3-9'),
        crash('device-u20-0'),
        { at: 1_000, kind: 'partition', target: 'pushsvr-0', to: 'connectsvr-2' },
        // Two shards of three replicas, one section group of an owner and a standby, one store.
        crash('msgstore-5'),
        crash('msgstore-6'),
        crash('seqstore-1'),
      ],
    });
    expect(errors).toEqual([
      'faults[2].target: sendsvr-99 selects nothing: sendsvr-0..1 exist',
      'faults[3].target: allocator-3 selects nothing: allocator-0..1 exist',
      'faults[4].target: user-500 selects nothing: user-0..19 exist',
      'faults[5].target: device-u3-9 selects nothing: only device-u3-0 exists',
      'faults[6].target: device-u20-0 selects nothing: user-0..19 exist',
      'faults[7].to: connectsvr-2 selects nothing: connectsvr-0..1 exist',
      'faults[9].target: msgstore-6 selects nothing: msgstore-0..5 exist',
      'faults[10].target: seqstore-1 selects nothing: only seqstore-0 exists',
    ]);
    expect(warnings).toEqual([]);
  });

  it('refuses a crash point or moment that none of its targets ever reaches, and accepts one that some may', () => {
    const { errors, warnings } = findings({
      faults: [
        { at: 1_000, for: 500, kind: 'crash-point', point: 'store.after-alloc', target: 'allocator-0' },
        { at: 1_000, for: 500, kind: 'crash', target: 'sendsvr-*', on: 'pull' },
        { at: 1_000, for: 500, kind: 'crash', target: 'devices-any', on: 'seqstore.max-pending' },
        // Reached: the role's own processes, any server, a user's devices, or a moment of any process.
        { at: 1_000, for: 500, kind: 'crash-point', point: 'store.after-alloc', target: 'msgstore-any' },
        { at: 1_000, for: 500, kind: 'crash', target: 'servers-any', on: 'commit' },
        { at: 1_000, for: 500, kind: 'kill', target: 'user-3', on: 'send-attempt' },
        { at: 1_000, for: 500, kind: 'crash', target: 'seqstore-0', on: 'disk-written' },
      ],
    });
    expect(errors).toEqual([
      'faults[0].point: store.after-alloc is reached only by msgstore processes, and target allocator-0 selects none, so the fault would never fire',
      'faults[1].on: pull is reached only by devices, and target sendsvr-* selects none, so the fault would never fire',
      'faults[2].on: seqstore.max-pending is reached only by seqstore processes, and target devices-any selects none, so the fault would never fire',
    ]);
    expect(warnings).toEqual([]);
  });

  it('accepts a device index a reinstall makes before the fault, not after', () => {
    const reinstallAt = (at: number) => findings({ users: { count: 2, devices: ['ios'] }, faults: [{ at, kind: 'reinstall', target: 'device-u1-0' }, crash('device-u1-1', 5_000)] }).errors;
    expect(reinstallAt(2_000)).toEqual([]);
    expect(reinstallAt(8_000)).toEqual(['faults[1].target: device-u1-1 selects nothing: only device-u1-0 exists']);
  });

  it('warns about a share that rounds to no device and a fault after the heal; refuses a platform nobody has', () => {
    const scenario: ScenarioInput = {
      durationMs: 30_000,
      users: { count: 20, devices: ['android'] },
      faults: [crash('devices-2%'), crash('devices-3%'), crash('devices-wp'), crash('sendsvr-0', 40_000)],
    };
    const nobody = 'faults[2].target: devices-wp selects nothing: no wp devices in this world (only android)';
    const { errors, warnings } = findings(scenario);
    expect(errors).toEqual([nobody]);
    expect(warnings).toEqual([
      'faults[0].target: devices-2% of 20 devices rounds to none, so it hits 1 device',
      'faults[3].at: 40000 is after durationMs 30000, when every fault heals; it fires only if the run has not gone quiet by then',
    ]);
  });

  it('finds nothing to say about any shipped scenario', () => {
    for (const name of scenarioNames()) expect(checkFaultTargets(loadScenario(name).scenario), name).toEqual({ errors: [], warnings: [] });
  });

  it('warns truly: a share that rounds to none hits exactly one device when it fires', () => {
    const scenario = scenarioSchema.parse({ durationMs: 5_000, users: { count: 4, devices: ['android'] }, faults: [{ at: 1_000, for: 1_000, kind: 'offline', target: 'devices-1%' }] });
    expect(checkFaultTargets(scenario).warnings).toHaveLength(1);
    expect(runScenario(scenario, { seed: 1 }).faults['offline']).toBe(1);
  });

  const server = fc.constantFrom('connectsvr', 'sendsvr', 'receivesvr', 'msgstore', 'pushsvr', 'allocator');
  const selector = fc.oneof(
    fc.tuple(server, fc.integer({ min: 0, max: 5 })).map(([role, i]) => `${role}-${i}`),
    fc.integer({ min: 0, max: 8 }).map((user) => `user-${user}`),
    fc.tuple(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 4 })).map(([user, i]) => `device-u${user}-${i}`),
    fc.constantFrom('devices-*', 'devices-any', 'servers-any', 'apns', 'platform-*', 'msgstore-any', 'sendsvr-*'),
    fc.constantFrom('devices-ios', 'devices-android', 'devices-wp', 'devices-bb', 'devices-desktop'),
  );
  const platform = fc.constantFrom('ios', 'android', 'wp', 'bb', 'desktop');

  it('errs exactly when the resolver, at the start of the run, selects nothing', () => {
    fc.assert(
      fc.property(
        fc.record({
          users: fc.record({ count: fc.integer({ min: 1, max: 6 }), devices: fc.array(fc.array(platform, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }) }),
          servers: fc.record({ connectSvrs: fc.integer({ min: 1, max: 3 }), sendSvrs: fc.integer({ min: 1, max: 3 }), msgStores: fc.integer({ min: 1, max: 3 }), allocators: fc.integer({ min: 1, max: 3 }) }),
        }),
        selector,
        (world, target) => {
          const scenario = scenarioSchema.parse({ ...world, faults: [crash(target)] });
          const built = new World(new Simulation({ seed: 'targets' }), compile(scenario, { seed: '1', source: 'test' }).world);
          const selected = resolveTargets(built, parseSelector(target) as Exclude<ReturnType<typeof parseSelector>, string>, new RandomStream('pick'));
          expect(checkFaultTargets(scenario).errors.length > 0, target).toBe(selected.length === 0);
        },
      ),
      { numRuns: 200 },
    );
  });
});
