// Before a run starts: about how many events it will process and how much memory it will hold,
// so a run that cannot finish in its watchdog budget, or would exhaust the heap, is refused up
// front with its figures instead of aborting (or dying) hours later.
//
// The model, fitted on runs of seqsim 0.1 (idle worlds varying each timer, then 1:1 and group
// sends varying devices per user and group size; test/scenario/budget.test.ts checks it against
// shipped scenarios):
//
//   events ≈ devices × (18 + T × max(3 / heartbeat + 12 / periodicPull, 22 / backgroundFetch))
//          + sends × (16 + (7 + 3 × (replicas - 1)) × inboxes + 16 × deliveries)
//          + allocators × T × 3 / (lease / 3)
//
// T is the workload's duration plus the time to settle after the heal (at most the reconnect
// backoff cap), in seconds; timer periods are in seconds. A device costs 18 events to connect and
// sync, 3 per heartbeat and 12 per periodic pull while in the foreground, 22 per background fetch
// while in the background (the model charges the dearer of the two all the time). A send costs 16
// events on its way in, 7 per inbox it is committed to (each recipient and the sender) and 16 per
// device that stores it (notify, pull, store). Spam is counted as if delivered: an upper bound.
// Each MsgStore replica beyond the primary adds 3 per inbox (the batch, its write, the ack; fewer
// when batches carry several entries), and each allocator process 3 per lease request, sent every
// third of a lease (owners renew, standbys ask to take over).
//
//   held bytes ≈ devices × 5 KiB + sends × (inboxes + deliveries) × 400 B + memberships × 100 B
//
// measured as retained heap after runs of 20,000 to 100,000 devices and up to 3,000,000 stored
// copies (the 100,000-user scale run of `seqsim bench`: 1.61 GiB live after a full GC, 1.59 GiB
// estimated; per device a run now holds about 5.6 KiB and per copy about 285 B, errors that cancel
// there). A group's members are held by the directory, its copy for the workload and the oracle's
// model: about 100 B a membership (a scenario of 100,000 groups of 10,000 ran out of heap building
// them, estimated at a few MiB before memberships were counted).
// Keeping the full trace (report.html, --trace) adds TRACE_BYTES_PER_EVENT per event, up to
// MAX_KEPT_TRACE_EVENTS.
import { deviceCount, systemKnobs } from './compile.js';
import { MAX_STEPS_CEILING, type Scenario } from './schema.js';
import { BURST_GAP_US } from '../system/workload.js';
import { formatBytes } from './readInput.js';

const EVENTS_PER_DEVICE_START = 18;
const EVENTS_PER_HEARTBEAT = 3;
const EVENTS_PER_PERIODIC_PULL = 12;
const EVENTS_PER_BACKGROUND_FETCH = 22;
const EVENTS_PER_SEND = 16;
const EVENTS_PER_INBOX = 7;
const EVENTS_PER_DELIVERY = 16;
const EVENTS_PER_REPLICA_PER_INBOX = 3;
const EVENTS_PER_LEASE_REQUEST = 3;
const HELD_BYTES_PER_DEVICE = 5 * 1024;
const HELD_BYTES_PER_COPY = 400;
const HELD_BYTES_PER_MEMBERSHIP = 100;
/** The kept trace, its decoded records, report.html's data and trace.jsonl's lines, at their peak
 * (measured: 200 B for report.html, 195 B for --trace, 390 B for both). */
const TRACE_BYTES_PER_EVENT = 400;
/** The kept trace is one array of 7 numbers per event, and V8 aborts the process (it throws
 * nothing) when an array outgrows about 112 million elements. */
const MAX_KEPT_TRACE_EVENTS = 10_000_000;
/** Of Node's heap limit, the share a run may plan to hold: the rest is headroom for garbage. */
const HEAP_SHARE = 0.5;

export interface RunEstimate {
  readonly devices: number;
  /** T: the workload plus settling, in seconds of virtual time. */
  readonly virtualSeconds: number;
  readonly sends: number;
  /** Inbox entries plus device copies per send. */
  readonly copiesPerSend: number;
  /** Users in groups, counted once per group. */
  readonly memberships: number;
  readonly events: number;
  readonly heldBytes: number;
}

export function estimateRun(scenario: Scenario): RunEstimate {
  const knobs = systemKnobs(scenario);
  const users = scenario.users.count;
  const devices = deviceCount(scenario);
  const devicesPerUser = devices / users;
  const virtualSeconds = (scenario.durationMs + Math.min(scenario.quiesceMaxMs, knobs.reconnectCapUs / 1000)) / 1000;
  const perSecond = (periodUs: number) => 1_000_000 / periodUs;
  const foreground = EVENTS_PER_HEARTBEAT * perSecond(knobs.heartbeatIntervalUs) + EVENTS_PER_PERIODIC_PULL * perSecond(knobs.periodicPullUs);
  const background = EVENTS_PER_BACKGROUND_FETCH * perSecond(knobs.backgroundFetchUs);

  const sends = users * sendsPerUserPerMs(scenario) * Math.max(0, scenario.durationMs - scenario.workload.startMs);
  // Group sends need a group: groups of `size` consecutive users cover count × size of them.
  const groupSize = Math.min(scenario.groups.size, users);
  const groupShare = scenario.workload.groupShare * Math.min(1, (scenario.groups.count * groupSize) / users);
  const inboxes = (1 - groupShare) * 2 + groupShare * groupSize;
  // Every device of the recipients, and the sender's other devices.
  const deliveries = (1 - groupShare) * (2 * devicesPerUser - 1) + groupShare * (groupSize * devicesPerUser - 1);

  const perInbox = EVENTS_PER_INBOX + EVENTS_PER_REPLICA_PER_INBOX * (knobs.msgStoreReplicas - 1);
  const allocators = knobs.allocators * (1 + knobs.allocatorStandbys);
  const leaseEvents = allocators * virtualSeconds * EVENTS_PER_LEASE_REQUEST * perSecond(knobs.allocatorLeaseUs / 3);
  const events =
    devices * (EVENTS_PER_DEVICE_START + virtualSeconds * Math.max(foreground, background)) + sends * (EVENTS_PER_SEND + perInbox * inboxes + EVENTS_PER_DELIVERY * deliveries) + leaseEvents;
  const copiesPerSend = inboxes + deliveries;
  const memberships = scenario.groups.count * groupSize;
  return {
    devices,
    virtualSeconds,
    sends: Math.ceil(sends),
    copiesPerSend,
    memberships,
    events: Math.ceil(events),
    heldBytes: Math.ceil(devices * HELD_BYTES_PER_DEVICE + sends * copiesPerSend * HELD_BYTES_PER_COPY + memberships * HELD_BYTES_PER_MEMBERSHIP),
  };
}

/**
 * A user sends a Poisson stream of arrivals; each may start a burst of burstSize - 1 more, whose
 * last message may start another (workload.ts), so an arrival brings 1 + p(b - 1) / (1 - p)
 * messages, typed 1.25 × BURST_GAP_US apart on average. With p = 1 a user types without pause.
 */
function sendsPerUserPerMs(scenario: Scenario): number {
  const { sendsPerUserPerMin, burstChance: p, burstSize } = scenario.workload;
  if (sendsPerUserPerMin === 0) return 0;
  const burstGapMs = (1.25 * BURST_GAP_US) / 1000;
  if (p >= 1) return 1 / burstGapMs;
  const perArrival = 1 + (p * (burstSize - 1)) / (1 - p);
  return perArrival / (60_000 / sendsPerUserPerMin + (perArrival - 1) * burstGapMs);
}

export interface BudgetCaps {
  /** Node's heap limit (v8 heap_size_limit); a run may plan to hold half of it. */
  readonly heapLimitBytes: number;
  /** The run keeps its full trace (for report.html or --trace). */
  readonly keepTrace: boolean;
}

/** Why the run would not fit its budgets: each names the field to change and the figures. */
export function budgetErrors(scenario: Scenario, estimate: RunEstimate, caps: BudgetCaps): string[] {
  const errors: string[] = [];
  // Texts only for a run that does not fit: every run asks, and formatting figures costs.
  const size = () => `${count(estimate.devices)} devices over ${count(estimate.virtualSeconds)} s, ${count(estimate.sends)} sends`;
  if (estimate.events > scenario.maxSteps) {
    const fix =
      estimate.events > MAX_STEPS_CEILING
        ? `more than maxSteps may be (${count(MAX_STEPS_CEILING)}): make the run smaller (users.count, durationMs, workload.sendsPerUserPerMin)`
        : `raise maxSteps (at most ${count(MAX_STEPS_CEILING)}) or make the run smaller`;
    errors.push(`maxSteps: the run is estimated at ${count(estimate.events)} events (${size()}), over its watchdog budget of ${count(scenario.maxSteps)}; ${fix}`);
  }
  const capBytes = caps.heapLimitBytes * HEAP_SHARE;
  const cap = () => `the memory cap of ${formatBytes(capBytes)} (half of Node's heap limit; NODE_OPTIONS=--max-old-space-size=<MiB> raises it)`;
  const traceBytes = estimate.events * TRACE_BYTES_PER_EVENT;
  if (estimate.heldBytes > capBytes) {
    const groupsDominate = estimate.memberships * HELD_BYTES_PER_MEMBERSHIP > estimate.heldBytes / 2;
    const what = groupsDominate ? `groups.count: the run would hold about ${formatBytes(estimate.heldBytes)} (${count(estimate.memberships)} group memberships)` : `users.count: the run would hold about ${formatBytes(estimate.heldBytes)} (${size()}, ${estimate.copiesPerSend.toFixed(1)} stored copies each)`;
    errors.push(`${what}, over ${cap()}; make the run smaller`);
  } else if (caps.keepTrace && (estimate.events > MAX_KEPT_TRACE_EVENTS || estimate.heldBytes + traceBytes > capBytes)) {
    errors.push(
      `keeping the full trace for report.html or --trace: about ${count(estimate.events)} events and ${formatBytes(traceBytes)}, over ${count(MAX_KEPT_TRACE_EVENTS)} events or ${cap()}; run with --no-html and without --trace`,
    );
  }
  return errors;
}

function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}
