// latency: deliveries over healthy connections meet the scenario's bound at the 99th percentile
// (the seed's "about 100 ms"), judged once there are enough of them for a p99 to mean something.
// Other classes are reported, not bounded.
import type { CheckerContext, Checker } from '../checker.js';
import type { LatencyRecorder } from '../latency.js';

export const LATENCY = 'latency';

/**
 * Healthy deliveries needed before the p99 is judged: with fewer than 100 samples the p99 is the
 * maximum, and one unlucky delivery would decide the verdict.
 */
export const MIN_HEALTHY_SAMPLES = 100;

export function latencyChecker({ sink, latencyBoundUs }: CheckerContext, recorder: LatencyRecorder): Checker {
  return {
    name: LATENCY,
    finish() {
      const healthy = recorder.byClass().healthy;
      const slowest = recorder.slowestHealthy;
      if (healthy.count < MIN_HEALTHY_SAMPLES || healthy.p99 <= latencyBoundUs || slowest === undefined) return;
      sink.violate(LATENCY, {
        detail: `healthy-connection p99 ${healthy.p99 / 1000} ms exceeds the bound of ${latencyBoundUs / 1000} ms (slowest: ${slowest.latencyUs / 1000} ms)`,
        msgId: slowest.msgId,
        device: slowest.device,
      });
    },
  };
}
