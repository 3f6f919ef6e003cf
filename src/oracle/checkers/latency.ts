// latency: deliveries over healthy connections meet the scenario's bound at the 99th percentile
// (the seed's "about 100 ms"). Other classes are reported, not bounded.
import type { CheckerContext, Checker } from '../checker.js';
import type { LatencyRecorder } from '../latency.js';

export const LATENCY = 'latency';

export function latencyChecker({ sink, latencyBoundUs }: CheckerContext, recorder: LatencyRecorder): Checker {
  return {
    name: LATENCY,
    finish() {
      const healthy = recorder.byClass().healthy;
      const slowest = recorder.slowestHealthy;
      if (healthy.count === 0 || healthy.p99 <= latencyBoundUs || slowest === undefined) return;
      sink.violate(LATENCY, {
        detail: `healthy-connection p99 ${healthy.p99 / 1000} ms exceeds the bound of ${latencyBoundUs / 1000} ms (slowest: ${slowest.latencyUs / 1000} ms)`,
        msgId: slowest.msgId,
        device: slowest.device,
      });
    },
  };
}
