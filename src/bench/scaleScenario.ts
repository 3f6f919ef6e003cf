// The bench's scale run as a scenario: many users, one device each, quiet timers, a fixed number
// of messages. It asks for the ceiling of maxSteps (about 50 million events at 100,000 users and
// 1,000,000 messages) and fits the memory cap of a 4 GiB heap (about 1.6 GiB estimated).
import { MAX_STEPS_CEILING, type Scenario } from '../scenario/schema.js';

const SCALE_DURATION_MS = 120_000;
const SCALE_START_MS = 1_000;

export function scaleScenario(base: Scenario, users: number, messages: number): Scenario {
  return {
    ...base,
    name: 'scale',
    durationMs: SCALE_DURATION_MS,
    quiesceMaxMs: 120_000,
    maxSteps: MAX_STEPS_CEILING,
    users: { count: users, devices: ['android'] },
    groups: { count: 0, size: 2 },
    blacklist: { pairs: 0 },
    workload: { sendsPerUserPerMin: (messages / users) * (60_000 / (SCALE_DURATION_MS - SCALE_START_MS)), groupShare: 0, spamShare: 0, burstChance: 0, burstSize: 1, textMedianBytes: 60, textP99Bytes: 2_000, startMs: SCALE_START_MS },
    // Idle devices cost events; at this scale heartbeats and periodic pulls are minutes apart.
    knobs: { heartbeatIntervalMs: 120_000, deviceHeartbeatTimeoutMs: 300_000, serverIdleTimeoutMs: 400_000, periodicPullMs: 600_000 },
  };
}
