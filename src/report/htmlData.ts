// What report.html shows beyond report.json, as plain data: latency distributions per device
// class, the fault timeline, and message hop timelines for the sequence diagram, from a run that
// kept its full trace (the run itself, or a replay: same seed, same run); its oracle has every
// latency sample.
import { DEVICE_CLASSES, type DeviceClass } from '../oracle/latency.js';
import { runOne, type RunHandle } from '../run/runOne.js';
import { EV_COMPOSE } from '../system/events.js';
import { faultTimeline, type FaultTimeline } from './faultTimeline.js';
import { latencyDistribution, type LatencyDistribution } from './latencyDistribution.js';
import { castOf, messageTimelines, type MessageTimeline } from './messageHops.js';
import { specOf, type RunReport } from './runReport.js';

/** Messages the page carries for the picker (the violating ones first, so always among them)... */
const MESSAGES_MAX = 300;
/** ...and their hops in all, which bounds the page's size (about 100 bytes a hop). */
const HOPS_MAX = 10_000;

export interface HtmlReportData {
  readonly report: RunReport;
  /** Whether the replay gave the report's trace hash (if not, the extra data may not match it). */
  readonly reproduced: boolean;
  readonly latency: Readonly<Record<DeviceClass, LatencyDistribution>>;
  readonly faults: FaultTimeline;
  /** The violating messages first, then the others in the order they were composed. */
  readonly messages: readonly MessageTimeline[];
  /** Messages of the run not carried (past MESSAGES_MAX or HOPS_MAX). */
  readonly omittedMessages: number;
  /** Messages named by violations (of any invariant). */
  readonly violatingMsgIds: readonly number[];
  /** The message shown first: the violating one, else the slowest healthy delivery's. */
  readonly focusMsgId: number | null;
}

/** `run` is the report's own run when it kept its full trace; without it the run is replayed. */
export function htmlReportData(report: RunReport, run?: RunHandle): HtmlReportData {
  const { sim, world, result, oracle } = run ?? runOne(specOf(report.input), { keepAll: true });
  const records = sim.trace.records();
  if (records === undefined) throw new Error('report.html needs a run that kept its full trace');
  const reproduced = result.traceHash === report.traceHash;
  const samplesUs = oracle.latency.samplesUs();

  const violation = report.violationReport?.violation ?? null;
  // In invariant order, so the violation's own message (the first failing invariant's first) leads.
  const violating = [...new Set(report.invariants.flatMap((invariant) => invariant.examples.map((example) => example.msgId)).filter((id): id is number => id !== null))];
  const composed = records.filter((record) => record.kind === EV_COMPOSE.name).map((record) => record.fields['msg']!);
  const picked = [...new Set([...violating, ...composed])].slice(0, MESSAGES_MAX);
  const focus = { msgId: violation?.msgId ?? null, device: violation?.device ?? null, eventIndex: violation?.event?.index ?? null };
  const cast = castOf(world);
  const messages: MessageTimeline[] = [];
  let hops = 0;
  for (const message of messageTimelines(records, cast, picked, focus)) {
    hops += message.hops.length;
    if (hops > HOPS_MAX) break;
    messages.push(message);
  }
  const shown = (msgId: number | null) => (msgId !== null && messages.some((message) => message.msgId === msgId) ? msgId : null);

  return {
    report,
    reproduced,
    latency: Object.fromEntries(DEVICE_CLASSES.map((deviceClass) => [deviceClass, latencyDistribution(samplesUs[deviceClass])])) as Record<DeviceClass, LatencyDistribution>,
    faults: faultTimeline(records, cast.names, report.virtualTimeMs),
    messages,
    omittedMessages: Math.max(0, composed.length - messages.length),
    violatingMsgIds: violating,
    focusMsgId: shown(violation?.msgId ?? null) ?? shown(oracle.latency.slowestHealthy?.msgId ?? null) ?? messages[0]?.msgId ?? null,
  };
}
