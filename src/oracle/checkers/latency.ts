// latency: deliveries over healthy connections meet the scenario's bound at the 99th percentile
// (the seed's "about 100 ms"). A run's p99 is an estimate from a few hundred deliveries, and one
// slow uplink fans out to every device of every recipient, so the verdict allows for sampling
// error: it fails when more deliveries are over the bound than 1% of them plus three standard
// deviations of that count. Other classes are reported, not bounded.
import type { CheckerContext, Checker } from '../checker.js';
import type { LatencyRecorder } from '../latency.js';

export const LATENCY = 'latency';

/**
 * Healthy deliveries needed before the p99 is judged: with fewer than 100 samples the p99 is the
 * maximum, and one unlucky delivery would decide the verdict.
 */
export const MIN_HEALTHY_SAMPLES = 100;

/** How many of `count` deliveries may be over the bound while the true p99 is within it. */
export function allowedOverBound(count: number): number {
  return 0.01 * count + 3 * Math.sqrt(count * 0.01 * 0.99);
}

export function latencyChecker({ sink, latencyBoundUs }: CheckerContext, recorder: LatencyRecorder): Checker {
  return {
    name: LATENCY,
    finish() {
      const healthy = recorder.byClass().healthy;
      const slowest = recorder.slowestHealthy;
      if (healthy.count < MIN_HEALTHY_SAMPLES || healthy.p99 <= latencyBoundUs || slowest === undefined) return;
      const over = recorder.samplesUs().healthy.filter((latencyUs) => latencyUs > latencyBoundUs).length;
      if (over <= allowedOverBound(healthy.count)) return;
      sink.violate(LATENCY, {
        detail: `healthy-connection p99 ${healthy.p99 / 1000} ms exceeds the bound of ${latencyBoundUs / 1000} ms: ${over} of ${healthy.count} deliveries over it (slowest: ${slowest.latencyUs / 1000} ms)`,
        msgId: slowest.msgId,
        device: slowest.device,
      });
    },
  };
}
