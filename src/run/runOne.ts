// Runs one seed of one scenario: build the world with the oracle watching, run the workload with
// its faults, heal, wait for quiet, then judge liveness. The wait lasts at least quiesceMaxMs and
// goes on while the system makes progress, so a slow catch-up is never taken for a stuck one; it
// ends once a whole stall window (derived from the knobs) passes without progress. Never hangs:
// progress is finite (entries to store, sends to settle) and the kernel's step budget bounds the rest.
import { FaultInjector } from '../faults/injector.js';
import { deriveBounds } from '../oracle/bounds.js';
import { CoverageRecorder } from '../oracle/coverage/recorder.js';
import { classBoundsUs, type DeviceClass } from '../oracle/latency.js';
import { Oracle, type InvariantResult } from '../oracle/oracle.js';
import { scaled, type Percentiles } from '../oracle/percentiles.js';
import { HandlerFailed } from '../sim/errors.js';
import { Simulation, type RunStop } from '../sim/simulation.js';
import { US_PER_MS, sec } from '../sim/time.js';
import type { TraceOptions } from '../sim/trace.js';
import { emptyTopology } from '../system/topology.js';
import { Workload } from '../system/workload.js';
import { World } from '../system/world.js';
import { VERSION } from '../version.js';
import type { LatencyFigures, RunResult } from './result.js';
import type { RunSpec } from './runSpec.js';

/** How often the quiescence phase checks whether the system is quiet. */
const QUIET_CHECK_US = sec(1);

export interface RunHandle {
  readonly result: RunResult;
  readonly sim: Simulation;
  readonly world: World;
  /** The run's oracle, for what the result keeps only in summary (e.g. every latency sample). */
  readonly oracle: Oracle;
}

export function runOne(spec: RunSpec, trace: TraceOptions = {}): RunHandle {
  const wallStartMs = performance.now();
  const sim = new Simulation({ seed: spec.seed, trace, maxSteps: spec.maxSteps });
  const directory = { users: spec.world.users.length, groups: spec.world.groups, blacklist: spec.world.blacklist };
  const topology = emptyTopology();
  // The oracle watches from before the first device starts.
  const oracle = new Oracle(sim, { directory, knobs: spec.world.knobs, initialSeq: spec.world.initialSeq, deviceLink: spec.world.deviceLink, topology, latencyBoundUs: spec.latencyBoundUs });
  const coverage = new CoverageRecorder(sim, oracle.ledger, topology, spec);
  let abort: string | null = null;
  let quietAtUs: number | null = null;
  let world: World | undefined;
  try {
    world = new World(sim, spec.world, topology);
    sim.add(new Workload(world, { ...spec.workload, stopUs: Math.min(spec.workload.stopUs, spec.durationUs) }));
    const faults = new FaultInjector(world, spec.faults);
    abort = runTicking(sim, oracle, spec.durationUs);
    if (abort === null) {
      faults.healAll(spec.healForeground);
      const stall = quiesce(sim, oracle, spec);
      abort = stall.abort;
      quietAtUs = stall.quietAtUs;
    }
  } catch (error) {
    if (!(error instanceof HandlerFailed)) throw error;
    abort = error.message;
  }
  if (abort === null) oracle.finish();

  const invariants: InvariantResult[] = [...oracle.invariants()];
  const faultsFired = oracle.faults.scheduledFired;
  if (spec.faults.length > 0 && faultsFired === 0) {
    invariants.push(syntheticFailure('faults-fired', `${spec.faults.length} faults were scheduled and none fired`, sim));
  }
  if (abort !== null) invariants.push(syntheticFailure('watchdog', abort, sim));
  const failed = invariants.some((invariant) => !invariant.ok);
  const messages = oracle.messageCounts();
  // Every delivery sorted once (at a million messages each copy of them is 16 MB at the run's peak).
  const latencyMs = scaled(oracle.latency.all(), US_PER_MS);
  const result: RunResult = {
    scenario: spec.scenario,
    seed: spec.seed,
    version: VERSION,
    traceHash: sim.trace.hash(),
    ok: !failed,
    outcome: abort !== null ? 'aborted' : failed ? 'failed' : 'passed',
    abort,
    virtualTimeMs: sim.nowUs / US_PER_MS,
    wallTimeMs: Math.round(performance.now() - wallStartMs),
    events: sim.trace.count,
    quietAtMs: quietAtUs === null ? null : quietAtUs / US_PER_MS,
    messages,
    latencyMs,
    latencyByClassMs: latencyFigures(oracle, spec, latencyMs),
    latencyBoundMs: spec.latencyBoundUs / US_PER_MS,
    ackLatencyMs: { ...scaled(oracle.latency.ack(), US_PER_MS), boundMs: oracle.bounds.sentUs / US_PER_MS },
    cost: oracle.cost.result(messages.acked),
    invariants,
    faults: oracle.faults.counts,
    faultsScheduled: spec.faults.length,
    faultsFired,
    coverage: coverage.result(),
    replay: spec.replay,
  };
  return { result, sim, world: world!, oracle };
}

/** Runs the workload phase a virtual second at a time, so the oracle judges deadlines as they fall due. */
function runTicking(sim: Simulation, oracle: Oracle, untilUs: number): string | null {
  while (sim.nowUs < untilUs) {
    const stop = sim.run(Math.min(untilUs, sim.nowUs + QUIET_CHECK_US));
    oracle.tick();
    const abort = watchdog(stop, sim);
    if (abort !== null) return abort;
    if (stop === 'idle') return null;
  }
  return null;
}

/**
 * After the heal: runs until the system is quiet, or until it has had quiesceMaxUs and then a whole
 * stall window has passed with no progress. Returns when it went quiet (null if it did not).
 */
function quiesce(sim: Simulation, oracle: Oracle, spec: RunSpec): { quietAtUs: number | null; abort: string | null } {
  const healUs = sim.nowUs;
  const stallWindowUs = deriveBounds(spec.world.knobs, spec.world.deviceLink).stallWindowUs;
  const ledger = oracle.ledger;
  let progress = ledger.progress;
  let lastProgressUs = healUs;
  for (;;) {
    if (oracle.quiet()) return { quietAtUs: sim.nowUs, abort: null };
    const stalled = sim.nowUs >= healUs + spec.quiesceMaxUs && sim.nowUs - lastProgressUs >= stallWindowUs;
    if (stalled) return { quietAtUs: null, abort: null };
    const stop = sim.run(sim.nowUs + QUIET_CHECK_US);
    oracle.tick();
    const abort = watchdog(stop, sim);
    // Nothing left to happen (a world with no timers): judge it as it stands.
    if (abort !== null || stop === 'idle') return { quietAtUs: oracle.quiet() ? sim.nowUs : null, abort };
    if (ledger.progress !== progress) {
      progress = ledger.progress;
      lastProgressUs = sim.nowUs;
    }
  }
}

function watchdog(stop: RunStop, sim: Simulation): string | null {
  switch (stop) {
    case 'step-budget':
      return `the step budget of ${sim.maxSteps} events ran out at ${sim.nowUs / US_PER_MS} ms (a livelock?)`;
    case 'pending-budget':
      return `more than ${sim.maxPendingEvents} events were pending at ${sim.nowUs / US_PER_MS} ms`;
    case 'stopped':
      return `stopped: ${sim.stopReason}`;
    default:
      return null;
  }
}

function syntheticFailure(name: string, detail: string, sim: Simulation): InvariantResult {
  const violation = { invariant: name, kind: null, deadline: null, detail, timeUs: sim.nowUs, msgId: null, user: null, device: null, seq: null, event: null };
  return { name, ok: false, violations: 1, first: violation, examples: [violation] };
}

function latencyFigures(oracle: Oracle, spec: RunSpec, allMs: Percentiles): RunResult['latencyByClassMs'] {
  const boundsUs = classBoundsUs(oracle.bounds, spec.latencyBoundUs);
  const byClass = oracle.latency.byClass();
  const figures = (deviceClass: DeviceClass): LatencyFigures => ({ ...scaled(byClass[deviceClass], US_PER_MS), boundMs: boundsUs[deviceClass] / US_PER_MS });
  return { healthy: figures('healthy'), reconnected: figures('reconnected'), woken: figures('woken'), all: { ...allMs, boundMs: null } };
}
