// The oracle: a ledger of facts from the trace, every invariant checker, latency, cost and fault
// accounting. It reads only the trace; the system never sees it.
import type { LinkProfile } from '../sim/linkProfile.js';
import type { Simulation } from '../sim/simulation.js';
import type { SystemKnobs } from '../system/config.js';
import type { Directory } from '../system/directory.js';
import { DirectoryModel } from './directoryModel.js';
import type { Topology } from '../system/topology.js';
import { deriveBounds, type Bounds } from './bounds.js';
import type { Checker, CheckerContext } from './checker.js';
import { ackDurable } from './checkers/ackDurable.js';
import { clientCursor } from './checkers/clientCursor.js';
import { commitQuorum } from './checkers/commitQuorum.js';
import { gapTolerance } from './checkers/gapTolerance.js';
import { latencyChecker } from './checkers/latency.js';
import { noDuplicate, NO_DUPLICATE } from './checkers/noDuplicate.js';
import { order } from './checkers/order.js';
import { pushRoute } from './checkers/pushRoute.js';
import { sendPolicy } from './checkers/sendPolicy.js';
import { timeliness } from './checkers/timeliness.js';
import { seqAllocation } from './checkers/seqAllocation.js';
import { serverBound } from './checkers/serverBound.js';
import { zeroLoss, ZERO_LOSS } from './checkers/zeroLoss.js';
import { CostRecorder } from './cost.js';
import { Disturbances } from './disturbances.js';
import { FaultCounts } from './faultCounts.js';
import { LatencyRecorder } from './latency.js';
import { Ledger } from './ledger.js';
import { HeldBack } from './heldBack.js';
import { Paths } from './paths.js';
import { PullStarts } from './pullStarts.js';
import { ConnClients } from './connClients.js';
import { Replays } from './replays.js';
import { Routes } from './routes.js';
import type { Violation, ViolationFacts, ViolationSink } from './violation.js';

/** Violations kept in full per invariant; the rest are only counted. */
const KEPT_PER_INVARIANT = 20;

export interface InvariantResult {
  readonly name: string;
  readonly ok: boolean;
  readonly violations: number;
  readonly first: Violation | null;
  readonly examples: readonly Violation[];
}

export interface MessageCounts {
  readonly sent: number;
  readonly acked: number;
  readonly rejected: number;
  /** Sends whose outbox a reinstall wiped before they were acked or rejected. */
  readonly abandoned: number;
  readonly deliveries: number;
  readonly expectedDeliveries: number;
  readonly lost: number;
  readonly duplicates: number;
}

/** What the oracle knows of the world it watches: who may message whom, the knobs, the links, where each server is. */
export interface OracleSpec {
  readonly directory: Directory;
  readonly knobs: SystemKnobs;
  /** Where every user's seq space starts. */
  readonly initialSeq: number;
  readonly deviceLink: LinkProfile;
  /** Filled in as the world is built, before any message moves. */
  readonly topology: Topology;
  /** The scenario's p99 bound on healthy deliveries. */
  readonly latencyBoundUs: number;
}

export class Oracle implements ViolationSink {
  readonly ledger: Ledger;
  readonly latency: LatencyRecorder;
  readonly cost: CostRecorder;
  readonly faults: FaultCounts;
  readonly bounds: Bounds;
  private readonly checkers: Checker[];
  private readonly kept = new Map<string, Violation[]>();
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly sim: Simulation,
    spec: OracleSpec,
  ) {
    // The ledger subscribes first, so checkers see facts already updated.
    const directory = new DirectoryModel(spec.directory);
    this.ledger = new Ledger(sim, directory);
    this.faults = new FaultCounts(sim);
    this.bounds = deriveBounds(spec.knobs, spec.deviceLink);
    const routes = new Routes(spec.topology, spec.knobs.sectionSize, sim.trace);
    // Two views of the faults. A restarted PushSvr asks every ConnectSvr for its sessions, and a
    // restarted ConnectSvr resets its picture at every PushSvr, each at once: PushSvr's choice of
    // route is right again two hops after either is back, not only after the next periodic refresh.
    // A ConnectSvr's crash lingers longer on the other paths: requests it dropped are retried and
    // its devices reconnect, each in its own time.
    const { presenceResyncUs, faultTailUs } = this.bounds;
    const pushSvrResynced = (process: number) => (routes.isPushSvr(process) ? presenceResyncUs : faultTailUs);
    const disturbances = new Disturbances(sim, this.bounds, spec.knobs, pushSvrResynced);
    const presence = new Disturbances(sim, this.bounds, spec.knobs, (process) => (routes.isConnectSvr(process) ? presenceResyncUs : pushSvrResynced(process)));
    const paths = new Paths(routes, disturbances, presence);
    this.latency = new LatencyRecorder(sim, this.ledger, paths, spec.latencyBoundUs);
    this.cost = new CostRecorder(sim, this.ledger, routes, spec.topology);
    const context: CheckerContext = { sim, ledger: this.ledger, sink: this, directory, knobs: spec.knobs, initialSeq: spec.initialSeq, bounds: this.bounds, paths, replays: new Replays(sim), heldBack: new HeldBack(sim, this.bounds.dcHopMaxUs), pullStarts: new PullStarts(sim), connClients: new ConnClients(sim) };
    this.checkers = [
      seqAllocation(context),
      serverBound(context),
      clientCursor(context),
      noDuplicate(context),
      ackDurable(context),
      commitQuorum(context),
      order(context),
      zeroLoss(context),
      gapTolerance(context),
      latencyChecker(context),
      timeliness(context),
      pushRoute(context),
      sendPolicy(context),
    ];
  }

  /** Judges every deadline due by now; the run calls it at least once a virtual second. */
  tick(): void {
    const nowUs = this.sim.nowUs;
    this.latency.settle(nowUs);
    for (const checker of this.checkers) checker.tick?.(nowUs);
  }

  violate(invariant: string, facts: ViolationFacts): void {
    this.counts.set(invariant, (this.counts.get(invariant) ?? 0) + 1);
    const kept = this.kept.get(invariant) ?? [];
    this.kept.set(invariant, kept);
    if (kept.length >= KEPT_PER_INVARIANT) return;
    const sim = this.sim;
    const last = sim.trace.last();
    kept.push({
      invariant,
      kind: facts.kind ?? null,
      detail: facts.detail,
      timeUs: facts.deadline?.dueUs ?? sim.nowUs,
      msgId: facts.msgId ?? null,
      user: facts.user ?? null,
      device: facts.device === undefined ? null : sim.process(facts.device).name,
      seq: facts.seq ?? null,
      // A missed deadline broke at no event of its own: the report names what set it instead.
      event: last === undefined || facts.deadline !== undefined ? null : { index: sim.trace.count - 1, timeUs: last.timeUs, kind: last.kind, actor: actorName(sim, last.actor) },
      deadline: facts.deadline ?? null,
    });
  }

  /** Liveness checks: call once, after the quiescence phase. */
  finish(): void {
    for (const checker of this.checkers) {
      if (checker.finish === undefined) continue;
      // Liveness findings are not tied to any one trace event.
      const before = this.kept.get(checker.name)?.length ?? 0;
      checker.finish();
      const kept = this.kept.get(checker.name);
      if (kept !== undefined) for (let i = before; i < kept.length; i++) kept[i] = { ...kept[i]!, event: null };
    }
  }

  invariants(): InvariantResult[] {
    return this.checkers.map(({ name }) => {
      const examples = this.kept.get(name) ?? [];
      const violations = this.counts.get(name) ?? 0;
      return { name, ok: violations === 0, violations, first: examples[0] ?? null, examples };
    });
  }

  messageCounts(): MessageCounts {
    const ledger = this.ledger;
    let sent = 0;
    let acked = 0;
    let rejected = 0;
    let abandoned = 0;
    for (const message of ledger.messages.values()) {
      if (!message.outboxed) continue;
      sent++;
      if (message.ackedUs >= 0) acked++;
      else if (message.rejected) rejected++;
      else if (message.abandoned) abandoned++;
    }
    let expectedDeliveries = 0;
    let deliveries = 0;
    for (const device of ledger.activeDevices()) {
      ledger.inbox(device.user).forEach((seq, msgId) => {
        if (ledger.message(msgId).device === device.id) return;
        expectedDeliveries++;
        if (device.held.get(seq) === msgId) deliveries++;
      });
    }
    return {
      sent,
      acked,
      rejected,
      abandoned,
      deliveries,
      expectedDeliveries,
      lost: this.counts.get(ZERO_LOSS) ?? 0,
      duplicates: this.counts.get(NO_DUPLICATE) ?? 0,
    };
  }

  /** Every installed device holds its whole inbox, every send is settled, and every checker's own work is done. */
  quiet(): boolean {
    return this.ledger.quiet() && this.checkers.every((checker) => checker.settled?.() !== false);
  }
}

export function actorName(sim: Simulation, actor: number): string {
  return actor >= 0 && actor < sim.processes.length ? sim.process(actor).name : 'control';
}
