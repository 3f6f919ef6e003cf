// Timing presets: a whole set of client and access-layer timings chosen together, under the
// scenario's own knobs (a knob the scenario sets wins). `seqsim` is the default: timers 10-30x
// shorter than a real client's, so a minute of virtual time exercises every path. `mars` takes the
// public figures of WeChat's open-source Mars client (stn/config.h): heartbeats 4.5 minutes apart
// (MinHeartInterval, the foreground interval; the smart heartbeat only stretches it in the
// background), tasks that time out after 60 s (DEF_TASK_TIME_OUT), and the 10-minute ceiling Mars
// puts on any heartbeat, used here as ConnectSvr's idle timeout. Runs must be tens of minutes long.
import { ms } from '../sim/time.js';
import type { SystemKnobs } from './config.js';

type Timings = Partial<Pick<SystemKnobs, 'heartbeatIntervalUs' | 'deviceHeartbeatTimeoutUs' | 'serverIdleTimeoutUs' | 'sendTimeoutUs' | 'sendRetryCapUs' | 'pullTimeoutUs' | 'periodicPullUs' | 'backgroundFetchUs'>>;

export const KNOB_PRESETS = {
  seqsim: {},
  mars: {
    heartbeatIntervalUs: ms(270_000),
    // A heartbeat unanswered by the next one (plus the answer's way back) means the link is dead.
    deviceHeartbeatTimeoutUs: ms(300_000),
    serverIdleTimeoutUs: ms(600_000),
    sendTimeoutUs: ms(60_000),
    sendRetryCapUs: ms(120_000),
    pullTimeoutUs: ms(60_000),
    // A connected client syncs on every heartbeat rather than on a timer of its own.
    periodicPullUs: ms(270_000),
    // iOS grants background fetch no more often than every 15 minutes or so.
    backgroundFetchUs: ms(900_000),
  },
} as const satisfies Record<string, Timings>;

export type KnobPresetName = keyof typeof KNOB_PRESETS;

export const KNOB_PRESET_NAMES = Object.keys(KNOB_PRESETS) as KnobPresetName[];
