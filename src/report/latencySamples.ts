// Every delivery's latency, per device class, for the plots. A run's result keeps only the
// percentiles, so the recorded trace is fed once more to the oracle's own latency recorder (it
// reads nothing but the trace) on a fresh kernel that serves only as its clock: the same
// samples, classified exactly as the run classified them.
import { FaultCounts } from '../oracle/faultCounts.js';
import { LatencyRecorder, type DeviceClass } from '../oracle/latency.js';
import { Ledger } from '../oracle/ledger.js';
import type { RunSpec } from '../run/runSpec.js';
import { Simulation } from '../sim/simulation.js';
import type { TraceRecord } from '../sim/trace.js';
import { traceKindByName } from '../sim/traceKinds.js';
import { DirectoryIndex } from '../system/directory.js';

export interface LatencySamples {
  readonly samplesUs: Readonly<Record<DeviceClass, readonly number[]>>;
  /** The message of the slowest healthy delivery, if there was one. */
  readonly slowestHealthyMsgId: number | null;
}

export function latencySamples(spec: RunSpec, records: readonly TraceRecord[]): LatencySamples {
  const sim = new Simulation({ seed: spec.seed });
  const directory = new DirectoryIndex({ users: spec.world.users.length, groups: spec.world.groups, blacklist: spec.world.blacklist });
  // Subscribed in the oracle's order: the ledger first, so the recorder sees facts already updated.
  const ledger = new Ledger(sim, directory);
  const recorder = new LatencyRecorder(sim, ledger, new FaultCounts(sim));
  for (const record of records) {
    const kind = traceKindByName(record.kind);
    if (kind === undefined) throw new Error(`trace kind ${record.kind} is not registered`);
    const [a, b, c, d] = Object.values(record.fields);
    sim.nowUs = record.timeUs;
    sim.trace.emit(kind, record.actor, a, b, c, d);
  }
  return { samplesUs: recorder.samplesUs(), slowestHealthyMsgId: recorder.slowestHealthy?.msgId ?? null };
}
