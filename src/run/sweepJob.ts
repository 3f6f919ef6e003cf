// One (scenario, seed) of a sweep, and its outcome as the sweep records it. Runs anywhere: in the
// main thread, or in a worker.
import type { FaultKind } from '../faults/kinds.js';
import type { SwarmDraw } from '../faults/swarmDraws.js';
import { compile, replayCommand, type CompileOptions } from '../scenario/compile.js';
import { loadScenario, type LoadedScenario } from '../scenario/load.js';
import type { Override } from '../scenario/overrides.js';
import type { Scenario } from '../scenario/schema.js';
import type { TraceRecord } from '../sim/trace.js';
import type { MutantName } from '../system/mutants.js';
import { costFigures, type CostFigures } from '../oracle/costFigures.js';
import type { CoverageCounts } from '../oracle/coverage/recorder.js';
import { classBoundsUs, type DeviceClass } from '../oracle/latency.js';
import type { ClassLatency } from '../oracle/pooledLatency.js';
import type { RunOutcome } from './result.js';
import { runOne } from './runOne.js';
import type { RunSpec } from './runSpec.js';
import { seedScenario } from './seedScenario.js';

export interface SweepJob {
  /** The scenario as named on the command line (a shipped name or a path). */
  readonly source: string;
  readonly seed: string;
  readonly swarm: boolean;
  /** Which swarm draw (absent: the targeted one). */
  readonly swarmDraw?: SwarmDraw;
  readonly mutants: readonly MutantName[];
  /** Fault kinds the swarm draw leaves out. */
  readonly swarmWithout?: readonly FaultKind[];
  /** `--set` overrides (absent when none, so a sweep without them keeps its fingerprint). */
  readonly set?: readonly string[];
  /**
   * The scenario itself, as the main thread loaded it (`check`: so that a worker never reads the
   * file again), or as no file holds it yet (a hunt's mutated schedule; `source` names where it
   * will be written). Absent: loaded from `source` and `set`.
   */
  readonly scenario?: Scenario;
  /** With `scenario`: the `--set` overrides already applied to it, applied again over a swarm draw. */
  readonly overrides?: readonly Override[];
}

/** A run's outcome, or `crashed`: its worker thread died (or threw) before the run could report. */
export type SweepRunOutcome = RunOutcome | 'crashed';

/** What a crashed run reports as its failed "invariant", as the watchdog does for an aborted one. */
export const WORKER_CRASH = 'worker-crash';

export interface SweepRun {
  readonly scenario: string;
  readonly seed: string;
  /** Empty for a crashed run, which left no trace. */
  readonly traceHash: string;
  readonly ok: boolean;
  readonly outcome: SweepRunOutcome;
  /** Names of the invariants that failed. */
  readonly failed: readonly string[];
  /** The first violation's detail, if any. */
  readonly first: string | null;
  readonly replay: string;
  readonly events: number;
  readonly wallTimeMs: number;
  /** The run's deliveries per class, for the sweep to pool (the healthy bound is the scenario's SLO). */
  readonly latency: Record<DeviceClass, ClassLatency>;
  readonly latencyBoundMs: number;
  /** The run's cost figures (see oracle/costFigures.ts); null for a crashed run. */
  readonly cost: CostFigures | null;
  /** The coverage points that could apply to the run, each with how often it reached it (absent for a crashed run). */
  readonly coverage?: CoverageCounts;
}

const loaded = new Map<string, LoadedScenario>();

export function jobSpec(job: SweepJob): RunSpec {
  const set = job.set ?? [];
  let scenario: Pick<LoadedScenario, 'scenario' | 'overrides'> | undefined = job.scenario === undefined ? undefined : { scenario: job.scenario, overrides: job.overrides ?? [] };
  const key = JSON.stringify([job.source, set]);
  scenario ??= loaded.get(key);
  if (scenario === undefined) loaded.set(key, (scenario = loadScenario(job.source, set)));
  const without = job.swarmWithout ?? [];
  const seeded = seedScenario(scenario.scenario, scenario.overrides, job.seed, { swarm: job.swarm, draw: job.swarmDraw, without });
  return compile(seeded, compileOptions(job));
}

function compileOptions(job: SweepJob): CompileOptions {
  return { seed: job.seed, source: job.source, mutants: job.mutants, swarm: job.swarm, swarmDraw: job.swarmDraw, swarmWithout: job.swarmWithout ?? [], set: job.set ?? [] };
}

export function runJob(job: SweepJob): SweepRun {
  const spec = jobSpec(job);
  const { result, oracle } = runOne(spec);
  const failed = result.invariants.filter((invariant) => !invariant.ok);
  return {
    scenario: result.scenario,
    seed: result.seed,
    traceHash: result.traceHash,
    ok: result.ok,
    outcome: result.outcome,
    failed: failed.map((invariant) => invariant.name),
    first: failed[0]?.first?.detail ?? null,
    replay: result.replay,
    events: result.events,
    wallTimeMs: result.wallTimeMs,
    latency: oracle.latency.pooled(classBoundsUs(oracle.bounds, spec.latencyBoundUs)),
    latencyBoundMs: result.latencyBoundMs,
    cost: costFigures(result.cost),
    coverage: result.coverage,
  };
}

/** The record of a job whose worker died (or threw) running it: failed, with its replay command and the error. */
export function crashedRun(job: SweepJob, error: unknown): SweepRun {
  const spec = reportedSpec(job);
  const message = error instanceof Error ? error.message : String(error);
  // It delivered nothing the sweep could pool.
  const none: ClassLatency = { count: 0, boundMs: 0, overBound: 0, maxMs: 0, histogram: [] };
  return {
    scenario: spec.scenario,
    seed: job.seed,
    traceHash: '',
    ok: false,
    outcome: 'crashed',
    failed: [WORKER_CRASH],
    first: `the worker crashed: ${message}`,
    replay: spec.replay,
    events: 0,
    wallTimeMs: 0,
    latency: { healthy: none, reconnected: none, woken: none },
    latencyBoundMs: spec.latencyBoundUs / 1000,
    cost: null,
  };
}

/**
 * What the record of a crashed job needs of its spec. Building the spec can be what threw (the
 * seed's swarm draw, say): then the run is named by its source, and its replay still reproduces it.
 */
function reportedSpec(job: SweepJob): Pick<RunSpec, 'scenario' | 'replay' | 'latencyBoundUs'> {
  try {
    return jobSpec(job);
  } catch {
    return { scenario: job.source, replay: replayCommand(compileOptions(job)), latencyBoundUs: 0 };
  }
}

/** The job's whole trace, for finding where two runs of it diverge. */
export function traceOfJob(job: SweepJob): TraceRecord[] {
  return runOne(jobSpec(job), { keepAll: true }).sim.trace.records()!;
}
