// What a run can reach at all, read from its compiled spec: which processes its faults can crash,
// whether its sessions can end, whether its seqs can have gaps. A coverage point that a run cannot
// reach does not count against that run. Each predicate may say yes to a run that then never gets
// there (a fault that fires on nobody); it never says no to a run that can.
import type { FaultKind, FaultSpec } from '../../faults/kinds.js';
import { selectsRole, type ProcessRole } from '../../faults/targets.js';
import { SEQ_MAX } from '../../system/config.js';
import { roleOfCrashPoint } from '../../system/crashPoints.js';
import { PUSH_SERVICE_OF } from '../pushServices.js';
import type { WorkloadSpec } from '../../system/workload.js';
import type { WorldSpec } from '../../system/world.js';

/** The parts of a run spec coverage looks at (a RunSpec is one). */
export interface CoverageScope {
  readonly world: WorldSpec;
  readonly workload: WorkloadSpec;
  readonly faults: readonly FaultSpec[];
}

/** A run whose users start this close to the end of the 32-bit seq space may reach it. */
export const NEAR_SEQ_END = 2 ** 20;

function hasKind(scope: CoverageScope, kinds: readonly FaultKind[]): boolean {
  return scope.faults.some((fault) => kinds.includes(fault.kind));
}

/** The run schedules a fault of this kind. */
export function hasFault(scope: CoverageScope, kind: FaultKind): boolean {
  return hasKind(scope, [kind]);
}

/** Users send each other messages. */
export function sends(scope: CoverageScope): boolean {
  return scope.workload.sendsPerUserPerMin > 0 && scope.world.users.length >= 2;
}

const CRASHING_KINDS: ReadonlySet<FaultKind> = new Set(['crash', 'kill', 'silent-host-loss', 'power-loss']);

/** Some fault can crash a process of `role` (a crash, a kill, a silent host loss, a power loss, a failover's fencing, an armed crash point, a reinstall or restore). */
export function mayCrash(scope: CoverageScope, role: ProcessRole): boolean {
  return scope.faults.some((fault) => {
    if (fault.kind === 'crash-point') return roleOfCrashPoint(fault.point ?? '') === role;
    const crashes =
      CRASHING_KINDS.has(fault.kind) || (role === 'msgstore' && fault.kind === 'msgstore-failover') || (role === 'device' && (fault.kind === 'reinstall' || fault.kind === 'restore-backup'));
    return crashes && selectsRole(fault.target, role);
  });
}

/** Some fault arms the named crash point. */
export function armsCrashPoint(scope: CoverageScope, point: string): boolean {
  return scope.faults.some((fault) => fault.kind === 'crash-point' && fault.point === point);
}

/** A device link loses packets, so TCP can give up on a connection and requests can time out. */
function lossyDevices(scope: CoverageScope): boolean {
  return scope.world.deviceLink.lossRate > 0 || scope.faults.some((fault) => fault.kind === 'network-profile');
}

/** Some fault can end a device's session while its app keeps running. */
export function mayEndSessions(scope: CoverageScope): boolean {
  return (
    lossyDevices(scope) ||
    hasKind(scope, ['break-connections', 'half-open', 'offline', 'partition', 'stall', 'background', 'restore-backup']) ||
    scope.faults.some((fault) => (fault.kind === 'crash' || fault.kind === 'silent-host-loss') && (selectsRole(fault.target, 'connectsvr') || selectsRole(fault.target, 'device')))
  );
}

/** Some fault can make an end of a long connection vanish without the other end hearing of it. */
export function maySilenceConnections(scope: CoverageScope): boolean {
  return hasKind(scope, ['half-open', 'offline', 'partition', 'stall', 'silent-host-loss']);
}

/** Something can go wrong between the sender and the store, so a send may be retried. */
export function mayRetrySends(scope: CoverageScope): boolean {
  return sends(scope) && (scope.faults.length > 0 || lossyDevices(scope) || scope.world.knobs.dataCenterLink.lossRate > 0);
}

/** A user's seqs can skip: the seq space starts high, or an allocation can be lost or jump. */
export function gapsPossible(scope: CoverageScope): boolean {
  return (
    scope.world.initialSeq > 0 ||
    mayCrash(scope, 'allocator') ||
    mayCrash(scope, 'msgstore') ||
    mayLoseDatagrams(scope) ||
    hasKind(scope, ['stall'])
  );
}

/** A datagram between servers can be lost: a partition, a weak data-centre link, or lossy links by design. */
export function mayLoseDatagrams(scope: CoverageScope): boolean {
  return hasKind(scope, ['partition', 'dc-link']) || scope.world.knobs.dataCenterLink.lossRate > 0;
}

/** A device can be woken by platform push: one has a push service, push is on, and apps can be away. */
export function platformPushPossible(scope: CoverageScope): boolean {
  const woken = scope.world.users.some((platforms) => platforms.some((platform) => PUSH_SERVICE_OF[platform] !== undefined));
  return woken && scope.world.knobs.platformPush.enabled && sends(scope) && (mayEndSessions(scope) || hasKind(scope, ['kill', 'reinstall']));
}

/** Some fault reinstalls an app. */
export function reinstalls(scope: CoverageScope): boolean {
  return hasKind(scope, ['reinstall']);
}

/** Users start close enough to 2^32 - 1 to use their seq space up. */
export function nearSeqEnd(scope: CoverageScope): boolean {
  return sends(scope) && SEQ_MAX - scope.world.initialSeq <= NEAR_SEQ_END;
}
