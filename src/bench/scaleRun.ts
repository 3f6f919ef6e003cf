// The bench's scale run, in a process of its own (scaleMain.ts): its peak RSS is then the run's,
// not some earlier phase's, and it gets the heap-growth flag big runs want (see SCALE_NODE_FLAGS).
import { runScenario } from '../api.js';
import { loadScenario } from '../scenario/load.js';
import { scaleScenario } from './scaleScenario.js';

export interface ScaleFigures {
  readonly users: number;
  readonly messages: number;
  readonly events: number;
  readonly wallMs: number;
  readonly peakRssMb: number;
  readonly bytesPerMessage: number;
  /** The Node flags the run had (SCALE_NODE_FLAGS, less SCALE_DROPPED_FLAGS). */
  readonly nodeFlags: readonly string[];
}

/**
 * V8 lets the old generation grow to about 2.5x the live heap before it marks again when the
 * mutator allocates fast, as a simulation does. 50% growth kept the peak near 1.5x the live heap
 * for a few percent more time (measured at 10,000 users and 100,000 messages: peak RSS 657 -> 439
 * MB, wall time +4%); 35% at 100,000 users and 1,000,000 messages, 2 pairs taking turns: 126.5 and
 * 132.1 s, 335 and 335 B per stored copy, against 127.2 and 136.2 s, 354 and 383 B.
 * At 100,000 users a virtual second takes about a wall second, so a message in flight outlives a
 * 16 MB young generation and dies in the old one; 32 MB semi-spaces let more die young (4 pairs at
 * 100,000 users and 1,000,000 messages, taking turns: 116.9, 109.9, 118.8, 120.0 s against 117.7,
 * 119.0, 121.3, 125.4 s; bytes per stored copy 385, 368, 386 against 380, 378, 381).
 */
export const SCALE_NODE_FLAGS = ['--heap-growing-percent=35', '--max-semi-space-size=32'];

/**
 * The bench's own flag that the scale run drops: one process for minutes on 2 cores gains from V8
 * marking on the idle core (measured at 100,000 users and 1,000,000 messages: 177.3 s with
 * --single-threaded-gc, 157.7 s without), and over minutes GC timing noise hardly shows.
 */
export const SCALE_DROPPED_FLAGS = ['--single-threaded-gc'];

/** One big run (scaleScenario), timed, with its peak memory. */
export function scaleRun(users: number, messages: number): ScaleFigures {
  const scenario = scaleScenario(loadScenario('baseline').scenario, users, messages);
  const rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
  const startMs = performance.now();
  const report = runScenario(scenario, { seed: 1 });
  const wallMs = performance.now() - startMs;
  // The kernel's own high-water mark (maxRSS is in KiB): the run is synchronous, so no sampler could see it.
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  // Stored copies: one per inbox (recipient and sender) and one per device holding it.
  const stored = report.messages.acked * 2 + report.messages.deliveries + report.messages.acked;
  return {
    users,
    messages: report.messages.sent,
    events: report.events,
    wallMs: Math.round(wallMs),
    peakRssMb: Math.round(peakRssMb),
    bytesPerMessage: Math.round(((peakRssMb - rssBeforeMb) * 2 ** 20) / Math.max(1, stored)),
    nodeFlags: process.execArgv,
  };
}
